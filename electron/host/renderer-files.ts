import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the built renderer holds. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Why a request path names no renderer file: it does not decode (`/%`), or it points
 * outside the renderer folder.
 */
export type RendererFileRefusal = 'malformed' | 'outside';

/**
 * The file of the built renderer a URL path names, confined to the renderer folder.
 * Web mode's static server and the desktop app's `capstan://` protocol both resolve
 * through this one function, so a path neither decodes nor climbs out differently in
 * one of them. `/` is index.html. Never throws: a path that does not decode is
 * `malformed`, one that leaves the folder (`..`, an encoded slash, a NUL) is `outside`.
 */
export function rendererFileFor(rendererDir: string, urlPath: string): { path: string; contentType: string } | { refused: RendererFileRefusal } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { refused: 'malformed' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { refused: 'outside' };
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const root = normalize(rendererDir).replace(/[\\/]+$/, '');
  const path = normalize(join(root, relative));
  if (!path.startsWith(root + sep)) return { refused: 'outside' };
  return { path, contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
