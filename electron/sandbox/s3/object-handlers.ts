import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseByteRange } from './byte-range';
import type { ObjectStore, StoredObject } from './object-store';
import { s3Errors } from './s3-error';
import { baseHeaders, objectHeadersOf, readXmlBody, receiveBody, sendXml, storeStream } from './s3-http';
import { parseCopySource } from './s3-request';
import { xmlDocument, xmlElements, xmlText } from './s3-xml';

/** The headers that describe an object in GET and HEAD answers. */
function objectHeaders(object: StoredObject): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'Content-Type': object.contentType,
    ETag: object.etag,
    'Last-Modified': new Date(object.lastModifiedMs).toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  if (object.contentEncoding) headers['Content-Encoding'] = object.contentEncoding;
  for (const [name, value] of Object.entries(object.userMetadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

function checkConditions(req: IncomingMessage, object: StoredObject): void {
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined && ifMatch !== '*' && !ifMatch.split(',').some((tag) => tag.trim() === object.etag)) throw s3Errors.preconditionFailed();
  const ifUnmodifiedSince = Date.parse(String(req.headers['if-unmodified-since'] ?? ''));
  if (ifMatch === undefined && Number.isFinite(ifUnmodifiedSince) && Math.floor(object.lastModifiedMs / 1000) * 1000 > ifUnmodifiedSince) throw s3Errors.preconditionFailed();
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined && (ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim() === object.etag))) throw s3Errors.notModified();
  const ifModifiedSince = Date.parse(String(req.headers['if-modified-since'] ?? ''));
  if (ifNoneMatch === undefined && Number.isFinite(ifModifiedSince) && Math.floor(object.lastModifiedMs / 1000) * 1000 <= ifModifiedSince) throw s3Errors.notModified();
}

/** GetObject and HeadObject: conditions, one byte range (206), the bytes streamed from the blob. */
export async function getObject(store: ObjectStore, req: IncomingMessage, res: ServerResponse, bucket: string, key: string): Promise<void> {
  const object = store.head(bucket, key);
  checkConditions(req, object);
  const range = parseByteRange(req.headers.range, object.sizeBytes);
  if (range === 'unsatisfiable') {
    const error = s3Errors.invalidRange();
    error.headers['Content-Range'] = `bytes */${object.sizeBytes}`;
    throw error;
  }
  const headers: OutgoingHttpHeaders = { ...baseHeaders(req), ...objectHeaders(object) };
  headers['Content-Length'] = range ? range.endByteInclusive - range.startByte + 1 : object.sizeBytes;
  if (range) headers['Content-Range'] = `bytes ${range.startByte}-${range.endByteInclusive}/${object.sizeBytes}`;
  const status = range ? 206 : 200;
  if (req.method === 'HEAD') {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const body = await store.read(object, range);
  res.writeHead(status, headers);
  // A client that hangs up mid-body ends the stream; that is not the sandbox's failure.
  await pipeline(body, res).catch(() => undefined);
}

function validKey(key: string): string {
  if (Buffer.byteLength(key, 'utf8') > 1024) throw s3Errors.keyTooLong();
  return key;
}

/** PutObject: the body streamed into a blob, then made the object at `key`. */
export async function putObject(store: ObjectStore, req: IncomingMessage, res: ServerResponse, bucket: string, key: string): Promise<void> {
  store.requireBucket(bucket);
  validKey(key);
  const received = await receiveBody(req, store.blobs);
  const etag = `"${received.md5Hex}"`;
  await store.commit(bucket, { key, blobId: received.blobId, sizeBytes: received.sizeBytes, etag, lastModifiedMs: Date.now(), ...objectHeadersOf(req) });
  sendXml(req, res, 200, '', { ETag: etag });
}

function copyRange(req: IncomingMessage, sizeBytes: number) {
  const header = req.headers['x-amz-copy-source-range'];
  if (header === undefined) return undefined;
  const range = parseByteRange(String(header), sizeBytes);
  if (!range || range === 'unsatisfiable') throw s3Errors.invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy');
  return range;
}

/** CopyObject (or UploadPartCopy when `upload` is given): bytes streamed from the source blob into a new one. */
export async function copyObject(store: ObjectStore, req: IncomingMessage, res: ServerResponse, bucket: string, key: string, upload?: { uploadId: string; partNumber: number }): Promise<void> {
  const source = parseCopySource(String(req.headers['x-amz-copy-source']));
  store.requireBucket(bucket);
  validKey(key);
  const from = store.head(source.bucket, source.key);
  const ifMatch = req.headers['x-amz-copy-source-if-match'];
  if (ifMatch !== undefined && ifMatch !== from.etag) throw s3Errors.preconditionFailed();
  const replace = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (!upload && !replace && source.bucket === bucket && source.key === key) {
    throw s3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const range = upload ? copyRange(req, from.sizeBytes) : undefined;
  const target = upload ? store.upload(bucket, key, upload.uploadId) : undefined;
  const copied = await storeStream(store.blobs, [await store.read(from, range)]);
  const etag = `"${copied.md5Hex}"`;
  const lastModifiedMs = Date.now();
  if (target && upload) {
    await store.addPart(target, { partNumber: upload.partNumber, blobId: copied.blobId, sizeBytes: copied.sizeBytes, etag, lastModifiedMs });
    sendXml(req, res, 200, xmlDocument('CopyPartResult', { LastModified: new Date(lastModifiedMs).toISOString(), ETag: etag }));
    return;
  }
  const headers = replace ? objectHeadersOf(req) : { contentType: from.contentType, ...(from.contentEncoding ? { contentEncoding: from.contentEncoding } : {}), userMetadata: from.userMetadata };
  await store.commit(bucket, { key, blobId: copied.blobId, sizeBytes: copied.sizeBytes, etag, lastModifiedMs, ...headers });
  sendXml(req, res, 200, xmlDocument('CopyObjectResult', { LastModified: new Date(lastModifiedMs).toISOString(), ETag: etag }));
}

/** DeleteObjects: up to 1,000 keys from an XML body; each reported deleted unless Quiet. */
export async function deleteObjects(store: ObjectStore, req: IncomingMessage, res: ServerResponse, bucket: string): Promise<void> {
  store.requireBucket(bucket);
  const xml = await readXmlBody(req);
  const objects = xmlElements(xml, 'Object');
  if (!xml.includes('<Delete') || objects.length === 0 || objects.length > 1000) throw s3Errors.malformedXml();
  const quiet = xmlText(xml, 'Quiet') === 'true';
  const keys = objects.map((entry) => xmlText(entry, 'Key'));
  if (keys.some((key) => key === undefined)) throw s3Errors.malformedXml();
  for (const key of keys as string[]) await store.delete(bucket, key);
  sendXml(req, res, 200, xmlDocument('DeleteResult', { Deleted: quiet ? [] : (keys as string[]).map((key) => ({ Key: key })) }));
}

function partNumberOf(query: URLSearchParams): number {
  const partNumber = Number(query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive');
  return partNumber;
}

/** CreateMultipartUpload, UploadPart(Copy), CompleteMultipartUpload, AbortMultipartUpload and ListParts. */
export async function multipart(store: ObjectStore, req: IncomingMessage, res: ServerResponse, bucket: string, key: string, query: URLSearchParams): Promise<void> {
  const uploadId = query.get('uploadId') ?? '';
  if (req.method === 'POST' && query.has('uploads')) {
    validKey(key);
    const created = store.createUpload(bucket, key, objectHeadersOf(req));
    sendXml(req, res, 200, xmlDocument('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: created }));
    return;
  }
  if (req.method === 'PUT') {
    const partNumber = partNumberOf(query);
    if (req.headers['x-amz-copy-source'] !== undefined) return copyObject(store, req, res, bucket, key, { uploadId, partNumber });
    const upload = store.upload(bucket, key, uploadId);
    const received = await receiveBody(req, store.blobs);
    const etag = `"${received.md5Hex}"`;
    await store.addPart(upload, { partNumber, blobId: received.blobId, sizeBytes: received.sizeBytes, etag, lastModifiedMs: Date.now() });
    sendXml(req, res, 200, '', { ETag: etag });
    return;
  }
  const upload = store.upload(bucket, key, uploadId);
  if (req.method === 'POST') {
    const xml = await readXmlBody(req);
    const parts = xmlElements(xml, 'Part').map((part) => ({ partNumber: Number(xmlText(part, 'PartNumber')), etag: xmlText(part, 'ETag') ?? '' }));
    if (!xml.includes('<CompleteMultipartUpload') || parts.some((part) => !Number.isInteger(part.partNumber))) throw s3Errors.malformedXml();
    const object = await store.completeUpload(upload, parts);
    const host = req.headers.host ?? '127.0.0.1';
    sendXml(req, res, 200, xmlDocument('CompleteMultipartUploadResult', { Location: `http://${host}/${bucket}/${encodeURIComponent(key)}`, Bucket: bucket, Key: key, ETag: object.etag }));
    return;
  }
  if (req.method === 'DELETE') {
    await store.abortUpload(upload);
    sendXml(req, res, 204, '');
    return;
  }
  const marker = Number(query.get('part-number-marker') ?? 0) || 0;
  const maxParts = Math.min(1000, Math.max(0, Number(query.get('max-parts') ?? 1000) || 1000));
  const all = [...upload.parts.values()].filter((part) => part.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, maxParts);
  sendXml(
    req,
    res,
    200,
    xmlDocument('ListPartsResult', {
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
      MaxParts: maxParts,
      IsTruncated: all.length > page.length,
      Part: page.map((part) => ({ PartNumber: part.partNumber, LastModified: new Date(part.lastModifiedMs).toISOString(), ETag: part.etag, Size: part.sizeBytes })),
    }),
  );
}
