/**
 * Base64 without Node's Buffer, so the mapper runs the same in the engine and in the
 * wizard. `atob`/`btoa` exist in browsers and in Node 16+. Binary values are rare in
 * loads; the hot path never comes here.
 */

/** Canonical base64 (padding required), as DynamoDB JSON carries binary. */
export const BASE64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a base64 text (the caller checked it with `BASE64_TEXT`). */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 text of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
