import { createHash, createHmac } from 'node:crypto';

/**
 * SigV4 for the lean data-plane path, on node:crypto. The SDK's signer is generic (it
 * canonicalises any header set, query and path on every call, and hashes in JavaScript
 * when given @aws-crypto/sha256-js); here the request shape is fixed — POST to the
 * endpoint's path, no query, the same five or six headers — so the canonical request is a
 * template, the signing key is derived once a day per secret, and hashing runs in
 * OpenSSL. A unit test checks every signature against @smithy/signature-v4.
 */

/** Keys to sign with, as resolved from a credential provider. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The headers a signed request must carry (besides Host, which the caller sends as given). */
export interface SignedHeaders {
  'X-Amz-Date': string;
  'X-Amz-Security-Token'?: string;
  Authorization: string;
}

/** What one request adds to the fixed template. */
export interface SignInput {
  credentials: SigningCredentials;
  /** The `x-amz-date` value, `YYYYMMDDTHHMMSSZ`. */
  amzDate: string;
  /** The request body exactly as sent. */
  body: Buffer;
}

/**
 * A signer bound to one endpoint, region, service, operation and content type: the parts
 * that never change between requests of a sender worker are joined once, here.
 */
export function createLeanSigner(options: { region: string; service: string; host: string; path: string; contentType: string; target: string }) {
  const canonicalPath = canonicalUriPath(options.path);
  // Header names are signed in sorted order; x-amz-security-token sorts between x-amz-date and x-amz-target.
  const head = `POST\n${canonicalPath}\n\ncontent-type:${options.contentType}\nhost:${options.host}\nx-amz-date:`;
  const targetLine = `x-amz-target:${options.target}\n\n`;
  const signedNames = 'content-type;host;x-amz-date;x-amz-target';
  const signedNamesWithToken = 'content-type;host;x-amz-date;x-amz-security-token;x-amz-target';
  let keyCache: { secret: string; day: string; key: Buffer } | null = null;

  const signingKey = (secret: string, day: string): Buffer => {
    if (keyCache && keyCache.secret === secret && keyCache.day === day) return keyCache.key;
    const dayKey = hmac(`AWS4${secret}`, day);
    const regionKey = hmac(dayKey, options.region);
    const serviceKey = hmac(regionKey, options.service);
    const key = hmac(serviceKey, 'aws4_request');
    keyCache = { secret, day, key };
    return key;
  };

  return function sign(input: SignInput): SignedHeaders {
    const { credentials, amzDate } = input;
    const day = amzDate.slice(0, 8);
    const token = credentials.sessionToken;
    const payloadHash = createHash('sha256').update(input.body).digest('hex');
    const canonical = token
      ? `${head}${amzDate}\nx-amz-security-token:${token}\n${targetLine}${signedNamesWithToken}\n${payloadHash}`
      : `${head}${amzDate}\n${targetLine}${signedNames}\n${payloadHash}`;
    const scope = `${day}/${options.region}/${options.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
    const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day)).update(stringToSign).digest('hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${token ? signedNamesWithToken : signedNames}, Signature=${signature}`;
    return token ? { 'X-Amz-Date': amzDate, 'X-Amz-Security-Token': token, Authorization: authorization } : { 'X-Amz-Date': amzDate, Authorization: authorization };
  };
}

/**
 * The `x-amz-date` of a moment, cached per second: formatting a Date is measurable at
 * thousands of requests per second, and the value only changes once a second.
 */
export function amzDateClock(now: () => number = Date.now): () => string {
  let second = -1;
  let value = '';
  return () => {
    const ms = now();
    const s = Math.floor(ms / 1000);
    if (s !== second) {
      second = s;
      value = new Date(s * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    }
    return value;
  };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * SigV4 encodes the path twice for every service but S3: the URL's path is already
 * encoded once, so each of its segments is escaped once more. DynamoDB endpoints use "/".
 */
function canonicalUriPath(encodedPath: string): string {
  if (!encodedPath || encodedPath === '/') return '/';
  return encodedPath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
