import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './chromium-path';

/** Debian's Chromium, headless, with the flags a container needs and nothing phoning home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
