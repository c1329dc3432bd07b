import { readFile, stat } from 'node:fs/promises';
import { rendererFileFor } from '../renderer-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * The CSP of every app page, sent as a response header of the app protocol (a page
 * loaded from file:// gets no response headers, only its meta tag). The renderer talks
 * to the engine over IPC, so it connects nowhere.
 */
export const APP_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** An answer of the app protocol, ready to become a fetch `Response`. */
export interface AppProtocolAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | string;
}

function refusal(status: number, text: string): AppProtocolAnswer {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY }, body: text };
}

/**
 * Answers a `capstan://app/...` request from the built renderer folder, and from
 * nowhere else: another host, a path that climbs out (`..`, encoded slashes) or does not
 * decode gets a 4xx, never a file. Every answer carries the CSP.
 */
export async function answerAppRequest(rendererDir: string, requestUrl: string, method = 'GET'): Promise<AppProtocolAnswer> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refusal(400, 'Bad URL');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refusal(404, 'Not found');
  if (method !== 'GET' && method !== 'HEAD') return refusal(405, 'Method not allowed');
  // The raw path: URL parsing already resolved plain `..`; encoded ones are decoded here and refused.
  const file = rendererFileFor(rendererDir, url.pathname);
  if ('refused' in file) return refusal(file.refused === 'malformed' ? 400 : 404, 'Not found');
  const info = await stat(file.path).catch(() => null);
  if (!info?.isFile()) return refusal(404, 'Not found');
  return {
    status: 200,
    headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    body: method === 'HEAD' ? '' : new Uint8Array(await readFile(file.path)),
  };
}
