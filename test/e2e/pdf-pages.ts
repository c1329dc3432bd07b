import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT } from '../support/built-app';

/** Runs in the page: draws each page on a canvas (a string, so the test runner's transform leaves its `import()` alone). */
const RENDER_PAGES = `(async () => {
  const pdfjs = await import('http://pdf.invalid/pdf.mjs');
  pdfjs.GlobalWorkerOptions.workerSrc = 'http://pdf.invalid/pdf.worker.mjs';
  const doc = await pdfjs.getDocument('http://pdf.invalid/doc.pdf').promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const pdfPage = await doc.getPage(n);
    const viewport = pdfPage.getViewport({ scale: 1.4 });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    canvas.id = 'page-' + n;
    canvas.style.cssText = 'display:block;margin:0 0 8px';
    document.body.appendChild(canvas);
    await pdfPage.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  }
  return doc.numPages;
})()`;

/**
 * Draws every page of a PDF to a PNG with pdf.js inside Chromium (pdfjs-dist's browser
 * build, served from node_modules through a routed origin): what the README shows of a
 * PDF, and what a person checks by eye.
 */
export async function pdfPagesToPng(browser: Browser, bytes: Uint8Array, pathOfPage: (page: number) => string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1300 } });
  try {
    const page = await context.newPage();
    const build = join(ROOT, 'node_modules/pdfjs-dist/build');
    await page.route('http://pdf.invalid/**', (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === 'doc.pdf') return route.fulfill({ body: Buffer.from(bytes), contentType: 'application/pdf' });
      if (name === 'index.html') return route.fulfill({ body: '<!DOCTYPE html><html><body style="margin:0;background:#ddd"></body></html>', contentType: 'text/html' });
      if (name === 'pdf.mjs' || name === 'pdf.worker.mjs') return route.fulfill({ body: readFileSync(join(build, name)), contentType: 'text/javascript' });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto('http://pdf.invalid/index.html');
    const pages = await page.evaluate<number>(RENDER_PAGES);
    for (let n = 1; n <= pages; n++) await page.locator(`#page-${n}`).screenshot({ path: pathOfPage(n) });
    return pages;
  } finally {
    await context.close();
  }
}
