import type { IncomingMessage } from 'node:http';
import { s3Errors } from './s3-error';

/** The service a SigV4-signed request was signed for (`s3`, `dynamodb`, `monitoring`, ...), from its header or presigned query. */
export function signedService(req: IncomingMessage): string | undefined {
  const authorization = String(req.headers.authorization ?? '');
  const fromHeader = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/([^/,\s]+)\/aws4_request/.exec(authorization);
  if (fromHeader) return fromHeader[1];
  const url = req.url ?? '';
  const fromQuery = /[?&]X-Amz-Credential=[^&/]*(?:\/|%2F)\d{8}(?:\/|%2F)[^&/%]+(?:\/|%2F)([a-z0-9-]+)(?:\/|%2F)aws4_request/i.exec(url);
  return fromQuery?.[1];
}

const S3_POST_SUBRESOURCES = /(^|&)(uploads|uploadId|delete)(=|&|$)/;

/**
 * Whether a request to the sandbox's one port is meant for its S3 face: signed for `s3`;
 * or unsigned, with no DynamoDB-style target and a method and path only S3 uses (any
 * PUT, DELETE or HEAD, a GET of a path below `/`, a POST to S3's multipart or delete
 * sub-resources). The admin API, CloudWatch's query protocol and the health text keep
 * their routes.
 */
export function isS3Request(req: IncomingMessage): boolean {
  const service = signedService(req);
  if (service !== undefined) return service === 's3';
  if (req.headers['x-amz-target']) return false;
  const url = req.url ?? '/';
  const question = url.indexOf('?');
  const path = question >= 0 ? url.slice(0, question) : url;
  const query = question >= 0 ? url.slice(question + 1) : '';
  if (path.startsWith('/_sandbox') || /(^|&)Action=/.test(query)) return false;
  switch (req.method) {
    case 'PUT':
    case 'DELETE':
    case 'HEAD':
      // An unsigned PUT or DELETE to "/" names no bucket: DynamoDB's 404 answers it.
      return path !== '/' && path !== '';
    case 'GET':
      return path !== '/' && path !== '';
    case 'POST':
      return path !== '/' && S3_POST_SUBRESOURCES.test(query);
    default:
      return false;
  }
}

/** A path-style S3 request: the bucket and key it names and its query. */
export interface S3Address {
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
}

/** Reads bucket and key from a path-style URL (`/bucket/key/with/slashes`). */
export function parseS3Address(rawUrl: string): S3Address {
  const question = rawUrl.indexOf('?');
  const path = question >= 0 ? rawUrl.slice(0, question) : rawUrl;
  const query = new URLSearchParams(question >= 0 ? rawUrl.slice(question + 1) : '');
  const rest = path.startsWith('/') ? path.slice(1) : path;
  const slash = rest.indexOf('/');
  const bucketText = slash >= 0 ? rest.slice(0, slash) : rest;
  const keyText = slash >= 0 ? rest.slice(slash + 1) : '';
  try {
    const bucket = bucketText ? decodeURIComponent(bucketText) : undefined;
    const key = keyText ? decodeURIComponent(keyText) : undefined;
    return { bucket, key, query };
  } catch {
    throw s3Errors.invalidUri();
  }
}

/** Reads `x-amz-copy-source` (`bucket/key` or `/bucket/key`, URL-encoded, maybe `?versionId=`). */
export function parseCopySource(header: string): { bucket: string; key: string } {
  const withoutVersion = header.split('?', 1)[0] as string;
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion.startsWith('/') ? withoutVersion.slice(1) : withoutVersion);
  } catch {
    throw s3Errors.invalidArgument('Invalid copy source encoding');
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}
