import { existsSync } from 'node:fs';

/** The Chromium the e2e tests drive: CHROMIUM_PATH, else Debian's (ensure-chromium.mjs installs it). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('No Chromium: run `node test/e2e/ensure-chromium.mjs` or set CHROMIUM_PATH');
  return found;
}
