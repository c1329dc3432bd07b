import type { IncomingMessage, ServerResponse } from 'node:http';
import { copyObject, deleteObjects, getObject, multipart, putObject } from './object-handlers';
import type { ObjectStore } from './object-store';
import { S3Error, s3Errors } from './s3-error';
import { readXmlBody, sendError, sendXml } from './s3-http';
import { parseS3Address } from './s3-request';
import { xmlDocument, type XmlNode } from './s3-xml';

const OWNER = { ID: 'capstan-sandbox', DisplayName: 'capstan-sandbox' };
const LIST_PARAMETERS = new Set(['list-type', 'prefix', 'delimiter', 'max-keys', 'continuation-token', 'start-after', 'encoding-type', 'fetch-owner', 'marker', 'x-id']);
const UNSUPPORTED_OBJECT_SUBRESOURCES = ['acl', 'tagging', 'retention', 'legal-hold', 'torrent', 'restore', 'select', 'attributes'];

function isPresignParameter(name: string): boolean {
  return name.startsWith('X-Amz-') || name.startsWith('x-amz-');
}

/**
 * The sandbox's S3 face (path-style, on the same port as its DynamoDB): buckets, listings,
 * objects with ranges, copies, batch deletes and multipart uploads, with S3's XML answers
 * and errors. Every failure becomes an S3 error answer; nothing a request carries can
 * take the sandbox down.
 */
export class S3Front {
  constructor(private readonly store: ObjectStore) {}

  /** Answers one S3 request. Never rejects. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    try {
      await this.route(req, res);
    } catch (error) {
      if (!(error instanceof S3Error)) console.error('[sandbox] S3 request failed:', error);
      sendError(req, res, error instanceof S3Error ? error : new S3Error('InternalError', 500, 'We encountered an internal error. Please try again.'));
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { bucket, key, query } = parseS3Address(req.url ?? '/');
    const method = req.method ?? 'GET';
    if (!bucket) {
      if (method !== 'GET') throw s3Errors.methodNotAllowed();
      return this.listBuckets(req, res);
    }
    if (key === undefined) return this.bucketRequest(req, res, method, bucket, query);
    for (const name of UNSUPPORTED_OBJECT_SUBRESOURCES) if (query.has(name)) throw s3Errors.notImplemented(`the ?${name} sub-resource`);
    if (query.has('uploads') || query.has('uploadId')) return multipart(this.store, req, res, bucket, key, query);
    switch (method) {
      case 'GET':
      case 'HEAD':
        return getObject(this.store, req, res, bucket, key);
      case 'PUT':
        return req.headers['x-amz-copy-source'] !== undefined ? copyObject(this.store, req, res, bucket, key) : putObject(this.store, req, res, bucket, key);
      case 'DELETE':
        this.store.requireBucket(bucket);
        await this.store.delete(bucket, key);
        sendXml(req, res, 204, '');
        return;
      default:
        throw s3Errors.methodNotAllowed();
    }
  }

  private listBuckets(req: IncomingMessage, res: ServerResponse): void {
    const buckets = this.store.listBuckets().map((bucket) => ({ Name: bucket.name, CreationDate: new Date(bucket.createdMs).toISOString() }));
    sendXml(req, res, 200, xmlDocument('ListAllMyBucketsResult', { Owner: OWNER, Buckets: { Bucket: buckets } }));
  }

  private async bucketRequest(req: IncomingMessage, res: ServerResponse, method: string, bucket: string, query: URLSearchParams): Promise<void> {
    if (method === 'POST' && query.has('delete')) return deleteObjects(this.store, req, res, bucket);
    if (method === 'GET' && query.has('location')) {
      this.store.requireBucket(bucket);
      sendXml(req, res, 200, '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>');
      return;
    }
    if (method === 'GET' && query.has('uploads')) {
      const uploads = this.store.listUploads(bucket).map((upload) => ({ Key: upload.key, UploadId: upload.uploadId, Initiator: OWNER, Owner: OWNER, StorageClass: 'STANDARD' }));
      sendXml(req, res, 200, xmlDocument('ListMultipartUploadsResult', { Bucket: bucket, KeyMarker: '', UploadIdMarker: '', MaxUploads: 1000, IsTruncated: false, Upload: uploads }));
      return;
    }
    const other = [...query.keys()].find((name) => !LIST_PARAMETERS.has(name) && !isPresignParameter(name));
    if (other !== undefined) throw s3Errors.notImplemented(`the bucket's ?${other} sub-resource`);
    switch (method) {
      case 'PUT':
        await readXmlBody(req); // a LocationConstraint is accepted and ignored: the sandbox has one region
        await this.store.createBucket(bucket);
        sendXml(req, res, 200, '', { Location: `/${bucket}` });
        return;
      case 'HEAD':
        this.store.requireBucket(bucket);
        sendXml(req, res, 200, '', { 'x-amz-bucket-region': 'us-east-1' });
        return;
      case 'DELETE':
        await this.store.deleteBucket(bucket);
        sendXml(req, res, 204, '');
        return;
      case 'GET':
        return this.listObjects(req, res, bucket, query);
      default:
        throw s3Errors.methodNotAllowed();
    }
  }

  private listObjects(req: IncomingMessage, res: ServerResponse, bucket: string, query: URLSearchParams): void {
    const v2 = query.get('list-type') === '2';
    const maxKeysText = query.get('max-keys') ?? '1000';
    if (!/^\d{1,9}$/.test(maxKeysText)) throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range');
    const maxKeys = Math.min(1000, Number(maxKeysText));
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const token = query.get('continuation-token');
    let startAfter = v2 ? (query.get('start-after') ?? '') : (query.get('marker') ?? '');
    if (v2 && token !== null) {
      const decoded = Buffer.from(token, 'base64url').toString('utf8');
      if (!token || Buffer.from(decoded, 'utf8').toString('base64url') !== token) throw s3Errors.invalidArgument('The continuation token provided is incorrect');
      startAfter = decoded;
    }
    const urlEncoded = query.get('encoding-type') === 'url';
    const text = (value: string): string => (urlEncoded ? encodeURIComponent(value) : value);
    const page = this.store.list(bucket, { prefix, delimiter, startAfter, maxKeys });
    const contents = page.objects.map((object) => ({
      Key: text(object.key),
      LastModified: new Date(object.lastModifiedMs).toISOString(),
      ETag: object.etag,
      Size: object.sizeBytes,
      ...(v2 && query.get('fetch-owner') !== 'true' ? {} : { Owner: OWNER }),
      StorageClass: 'STANDARD',
    }));
    const body: { [tag: string]: XmlNode } = {
      Name: bucket,
      Prefix: text(prefix),
      ...(v2 ? { StartAfter: query.has('start-after') ? text(query.get('start-after') as string) : undefined } : { Marker: text(query.get('marker') ?? '') }),
      ...(v2 ? { ContinuationToken: token ?? undefined, NextContinuationToken: page.isTruncated && page.nextStartAfter !== undefined ? Buffer.from(page.nextStartAfter, 'utf8').toString('base64url') : undefined } : {}),
      ...(!v2 && page.isTruncated ? { NextMarker: page.nextStartAfter !== undefined ? text(page.nextStartAfter) : undefined } : {}),
      ...(v2 ? { KeyCount: page.keys.length + page.commonPrefixes.length } : {}),
      MaxKeys: maxKeys,
      Delimiter: delimiter ? text(delimiter) : undefined,
      EncodingType: urlEncoded ? 'url' : undefined,
      IsTruncated: page.isTruncated,
      Contents: contents,
      CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: text(commonPrefix) })),
    };
    sendXml(req, res, 200, xmlDocument('ListBucketResult', body));
  }
}
