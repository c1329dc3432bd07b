import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/built-app';

/** Where the e2e suite writes the screenshots the docs and the README show. */
export const SCREENSHOTS = resolve(ROOT, 'docs/screenshots');

/**
 * Saves a screenshot of the page as docs/screenshots/<name>.png. `fullPage` grows the
 * window to the content's height first: the app scrolls inside its content pane, so the
 * browser's own full-page capture would show only the first screen.
 */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Let CSS transitions (the progress bar's width) settle, so the picture shows the figures' state.
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
  const size = page.viewportSize();
  if (!fullPage || !size) {
    await page.screenshot({ path });
    return;
  }
  const height = await page.evaluate(() => {
    const content = document.querySelector('.content');
    const top = content?.getBoundingClientRect().top ?? 0;
    return Math.ceil(top + (content?.scrollHeight ?? document.body.scrollHeight));
  });
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) });
  await page.screenshot({ path });
  await page.setViewportSize(size);
}
