import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './aws-chunked-decoder';
import type { BlobStore } from './blob-store';
import type { ObjectHeaders } from './object-store';
import { S3Error, s3Errors } from './s3-error';
import { xmlDocument } from './s3-xml';

/** S3's largest single PUT (5 GiB). */
export const MAX_PUT_BYTES = 5 * 1024 ** 3;
const MAX_XML_BODY_BYTES = 4 * 1024 * 1024;

/** Headers every S3 answer carries (request ids; CORS for browser clients). */
export function baseHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-amz-id-2': randomBytes(24).toString('base64'),
  };
  if (req.headers.origin) {
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Access-Control-Expose-Headers'] = 'ETag, Content-Range, Content-Length, x-amz-request-id';
  }
  return headers;
}

/** Sends an XML document (or an empty body when `xml` is empty). */
export function sendXml(req: IncomingMessage, res: ServerResponse, status: number, xml: string, headers: OutgoingHttpHeaders = {}): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { ...baseHeaders(req), ...(xml ? { 'Content-Type': 'application/xml' } : {}), 'Content-Length': body.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Sends S3's error document (headers only for HEAD and 304, as S3 does). */
export function sendError(req: IncomingMessage, res: ServerResponse, error: S3Error): void {
  // A body the client is still sending is read and dropped, so it can read the answer.
  if (!req.readableEnded) req.resume();
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: OutgoingHttpHeaders = { ...baseHeaders(req), ...error.headers };
  if (req.method === 'HEAD' || error.status === 304) {
    res.writeHead(error.status, headers);
    res.end();
    return;
  }
  const xml = xmlDocument('Error', {
    Code: error.code,
    Message: error.message,
    BucketName: error.resource.bucket,
    Key: error.resource.key,
    RequestId: headers['x-amz-request-id'] as string,
    HostId: headers['x-amz-id-2'] as string,
  }).replace(' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', '');
  sendXml(req, res, error.status, xml, headers);
}

/** Reads a small XML request body (DeleteObjects, CompleteMultipartUpload, CreateBucket). */
export async function readXmlBody(req: IncomingMessage): Promise<string> {
  const source: Readable = isAwsChunked(req) ? req.pipe(new AwsChunkedDecoder()) : req;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += (chunk as Buffer).length;
    if (total > MAX_XML_BODY_BYTES) throw s3Errors.malformedXml();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isAwsChunked(req: IncomingMessage): boolean {
  return String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-') || String(req.headers['content-encoding'] ?? '').includes('aws-chunked');
}

/** Counts and MD5-hashes the bytes that pass through. */
class Md5Counter extends Transform {
  readonly hash = createHash('md5');
  sizeBytes = 0;
  constructor(private readonly limitBytes: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.limitBytes) {
      callback(s3Errors.entityTooLarge());
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/** A blob written from a stream, with the size and MD5 of its bytes. */
export interface ReceivedBlob {
  blobId: string;
  sizeBytes: number;
  md5Hex: string;
}

/** Streams bytes into a new blob (never whole in memory), counting and hashing them. */
export async function storeStream(blobs: BlobStore, stages: [Readable, ...Transform[]], limitBytes = MAX_PUT_BYTES): Promise<ReceivedBlob & { md5: Buffer }> {
  const counter = new Md5Counter(limitBytes);
  const writer = blobs.createWriter();
  try {
    await pipeline([...stages, counter, writer.stream]);
  } catch (error) {
    await writer.discard();
    throw error instanceof S3Error ? error : s3Errors.incompleteBody();
  }
  const md5 = counter.hash.digest();
  return { blobId: await writer.commit(), sizeBytes: counter.sizeBytes, md5Hex: md5.toString('hex'), md5 };
}

/**
 * Receives a PUT body (plain or aws-chunked) into a new blob, checking the declared
 * length and Content-MD5; a body that breaks off leaves no blob behind.
 */
export async function receiveBody(req: IncomingMessage, blobs: BlobStore): Promise<ReceivedBlob> {
  const chunked = isAwsChunked(req);
  const declaredText = chunked ? req.headers['x-amz-decoded-content-length'] : req.headers['content-length'];
  const declaredBytes = declaredText === undefined ? undefined : Number(declaredText);
  if (declaredBytes !== undefined && declaredBytes > MAX_PUT_BYTES) throw s3Errors.entityTooLarge();
  const contentMd5 = req.headers['content-md5'];
  if (contentMd5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(String(contentMd5))) throw s3Errors.invalidDigest();
  const received = await storeStream(blobs, chunked ? [req, new AwsChunkedDecoder()] : [req]);
  const mismatch =
    declaredBytes !== undefined && Number.isFinite(declaredBytes) && received.sizeBytes !== declaredBytes
      ? s3Errors.incompleteBody()
      : contentMd5 !== undefined && received.md5.toString('base64') !== contentMd5
        ? s3Errors.badDigest()
        : undefined;
  if (mismatch) {
    await blobs.remove(received.blobId);
    throw mismatch;
  }
  return { blobId: received.blobId, sizeBytes: received.sizeBytes, md5Hex: received.md5Hex };
}

/** Content type, encoding and `x-amz-meta-*` of a PUT, as they are stored with the object. */
export function objectHeadersOf(req: IncomingMessage): ObjectHeaders {
  const userMetadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) userMetadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  const encoding = String(req.headers['content-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && part !== 'aws-chunked')
    .join(', ');
  return {
    contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
    ...(encoding ? { contentEncoding: encoding } : {}),
    userMetadata,
  };
}
