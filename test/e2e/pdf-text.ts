import type { Browser } from 'playwright-core';

/**
 * Prints an HTML document with Chromium (what a browser's "Save as PDF" makes of it) and
 * returns the PDF's bytes.
 */
export async function printHtmlToPdf(browser: Browser, html: string): Promise<Uint8Array> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
  } finally {
    await context.close();
  }
}

/** The text of every page of a PDF, pages joined by newlines (pdfjs-dist's legacy build runs in Node). */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: bytes, useSystemFonts: true, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return { pages: document.numPages, text: pages.join('\n') };
}
