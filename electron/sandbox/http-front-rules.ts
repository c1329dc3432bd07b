import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** DynamoDB refuses request bodies above 16 MB with HTTP 413. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The body DynamoDB sends (HTTP 404) for a PUT, DELETE or a body of a type it does not read. */
export const UNKNOWN_OPERATION_XML = '<UnknownOperationException/>\n';

const ID_ALPHABET = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'latin1');
const ID_LENGTH = 52;
const IDS_PER_DRAW = 64;
let idPool = Buffer.alloc(0);
let idAt = 0;

/**
 * A request id as DynamoDB sends them: 52 characters of [0-9A-Z]. Random bytes are drawn
 * for 64 ids at a time and turned into characters in place (one call to the random
 * source per 64 requests instead of one per request: ids are on every answer).
 */
export function newRequestId(): string {
  if (idAt + ID_LENGTH > idPool.length) {
    idPool = randomBytes(ID_LENGTH * IDS_PER_DRAW);
    for (let i = 0; i < idPool.length; i++) idPool[i] = ID_ALPHABET[(idPool[i] as number) % 36] as number;
    idAt = 0;
  }
  const id = idPool.toString('latin1', idAt, idAt + ID_LENGTH);
  idAt += ID_LENGTH;
  return id;
}

/**
 * The request body, or null when it passed MAX_REQUEST_BYTES (the rest is drained and
 * dropped, so the caller can answer 413 at once).
 */
export function readLimitedBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_REQUEST_BYTES) {
        req.off('data', onData);
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The media type of a request (`application/json; charset=x` gives `application/json`). */
export function mediaTypeOf(headers: IncomingHttpHeaders): string {
  return String(headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim() as string;
}

/** DynamoDB reads JSON bodies sent as either of these and answers in the one it was sent. */
export function isDynamoDbMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType === 'application/x-amz-json-1.0';
}

/** An error DynamoDB's front raises before any operation runs. */
export interface FrontRefusal {
  __type: string;
  message: string;
}

const CORAL = 'com.amazon.coral.service#';

/**
 * Whether a request is signed the way DynamoDB insists on before it looks at the
 * operation: an `Authorization: AWS4-...` header with Credential, Signature and
 * SignedHeaders plus a date, or the presigned query parameters. The sandbox accepts any
 * keys and does not check the signature itself, so this is only about a client that
 * forgot to sign (MissingAuthenticationToken) or signed half (IncompleteSignature).
 */
export function authRefusal(headers: IncomingHttpHeaders, query: URLSearchParams): FrontRefusal | undefined {
  const header = typeof headers.authorization === 'string' ? headers.authorization : undefined;
  const presigned = query.has('X-Amz-Algorithm');
  if (header && presigned) {
    return { __type: `${CORAL}InvalidSignatureException`, message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header." };
  }
  if ((!header && !presigned) || (header && !header.trim().startsWith('AWS4-'))) {
    return { __type: `${CORAL}MissingAuthenticationTokenException`, message: 'Request is missing Authentication Token' };
  }
  let message = '';
  if (header) {
    const params = new Map<string, string>();
    for (const part of header.split(/[, ]/).slice(1)) {
      if (!part) continue;
      const [key, value] = part.trim().split('=');
      params.set(key as string, value ?? '');
    }
    for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
      if (!params.get(name)) message += `Authorization header requires '${name}' parameter. `;
    }
    if (!headers['x-amz-date'] && !headers.date) message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    if (message) message += `Authorization=${header}`;
  } else {
    for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
      if (!query.get(name)) message += `AWS query-string parameters must include '${name}'. `;
    }
    if (message) message += 'Re-examine the query-string parameters.';
  }
  return message ? { __type: `${CORAL}IncompleteSignatureException`, message } : undefined;
}

/**
 * Whether a browser sent this request from a web page: an Origin header, or a
 * Sec-Fetch-Site other than same-origin/none (browsers send it even on GETs that
 * carry no Origin).
 */
export function fromWebPage(headers: IncomingHttpHeaders): boolean {
  if (headers.origin !== undefined) return true;
  const site = headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/**
 * The Access-Control-Allow-Origin value for an Origin, or undefined when the operator
 * did not allow it. `*` in the list allows every origin (DynamoDB's own answer).
 */
export function allowedOrigin(origin: string, allowed: readonly string[]): string | undefined {
  if (allowed.includes('*')) return '*';
  return allowed.includes(origin) ? origin : undefined;
}
