import { APP_ORIGIN } from './app-origin';

/**
 * Web permissions an app page may have: notifications (a job finished), and only for
 * the app's own origin. Everything else (camera, geolocation, clipboard reads, HID,
 * serial, ...) is denied, for the app's pages and any other content alike.
 */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['notifications']);

/** True when `permission` may be granted to a page of `origin` (an origin or a page URL; deny by default). */
export function isPermissionGranted(permission: string, origin: string | null | undefined): boolean {
  if (!origin) return false;
  let normalized: string;
  try {
    // Not `.origin`: Node's URL gives "null" as the origin of a scheme it does not know.
    const parsed = new URL(origin);
    normalized = `${parsed.protocol}//${parsed.host}`;
  } catch {
    return false;
  }
  return normalized === APP_ORIGIN && GRANTED_TO_APP.has(permission);
}
