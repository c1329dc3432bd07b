/**
 * The desktop app's own origin: its pages are served from `capstan://app/` (a custom
 * protocol) rather than file://, so the page has a real origin that CSP 'self', the
 * permission check and the IPC sender check can name, and a response header can carry
 * the CSP.
 */
export const APP_SCHEME = 'capstan';
/** The one host of the app scheme. */
export const APP_HOST = 'app';
/** `capstan://app`: what `new URL(page).origin` gives for every page of the app. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** True when a URL is a page of the app itself (never throws on a malformed one). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
