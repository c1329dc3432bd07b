// Renders renderer/public/favicon.svg (the app's icon, drawn by hand) to the PNGs the
// desktop packages and the window use, in Debian's Chromium: node build/render-icon.mjs
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

const root = resolve(import.meta.dirname, '..');
const svg = await readFile(resolve(root, 'renderer/public/favicon.svg'), 'utf8');
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [size, out] of [[512, 'build/icon.png'], [256, 'renderer/public/icon.png']]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="512" height="512"', `width="${size}" height="${size}"`)}</body></html>`);
    await page.screenshot({ path: resolve(root, out), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
