import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from './pdf-text';
import { pdfPagesToPng } from './pdf-pages';
import { screenshot, SCREENSHOTS } from './screenshots';
import { waitForText } from './ui-wait';
import { startWebMode, type WebMode } from './web-mode';

const ROWS = 2_500;
/** What formatDuration prints: "42s", and on a slow run "1m 05s" or "1h 02m 05s". */
const DURATION = String.raw`(?:\d+h )?(?:\d+m )?\d+s`;

/**
 * The report a manager gets, from web mode: a load into a provisioned table is paused,
 * resumed and given a new rate; the PDF downloaded from the dashboard lists those actions
 * with their times, compares the estimate with the actual run and labels the billing
 * provisioned with the table's units. The PDF is made by the server (no print dialog).
 * On the way, disabled buttons (start, preview, apply) say why in their tooltip.
 */
describe('run report PDF in web mode', () => {
  let w: WebMode;

  beforeAll(async () => {
    w = await startWebMode({
      name: 'report-pdf',
      samples: { 'rows.csv': ROWS },
      tables: [{
        TableName: 'managed', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 100 },
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }],
    });
  });

  afterAll(async () => {
    await w?.close();
  });

  it('downloads a PDF with the actions list, estimate against actual and the provisioned billing label', async () => {
    const { page } = w;
    const dashboard = page.getByTestId('job-dashboard');
    await page.getByTestId('nav-load').click();
    // Disabled buttons say why, as a tooltip too.
    expect(await page.getByTestId('start-load').isDisabled()).toBe(true);
    expect(await page.getByTestId('start-load').getAttribute('title')).toBe('Preview a source first.');
    expect(await page.getByTestId('preview-source').getAttribute('title')).toBe('Type the path of a file, folder or glob first');
    await page.getByTestId('source-path').fill(join(w.dir, 'rows.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });
    await page.getByTestId('target-table').selectOption('managed');
    await page.getByTestId('key-template-pk').fill('C#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    await page.getByTestId('rate-input').fill('100');
    await page.getByTestId('start-load').click();
    await waitForText(dashboard.getByTestId('job-state'), 'running', { timeoutMs: 30_000 });

    await page.getByTestId('pause-job').click();
    await waitForText(dashboard.getByTestId('job-state'), 'paused');
    await page.getByTestId('resume-job').click();
    await waitForText(dashboard.getByTestId('job-state'), 'running');
    await page.getByTestId('rate-number').fill('150');
    await page.getByTestId('apply-rate').click();
    await waitForText(page.getByTestId('stat-rate'), '150 WCU/s');
    expect(await page.getByTestId('apply-rate').isDisabled()).toBe(true);
    expect(await page.getByTestId('apply-rate').getAttribute('title')).toBe('The rate set is 150 WCU/s: type or slide to another rate');
    // A picture of the run under way, with some seconds of chart (not part of the check).
    await waitForText(page.getByTestId('job-percent'), /^(3\d|[4-9]\d|100)(\.\d)?%$/, { timeoutMs: 60_000 });
    await screenshot(page, 'report-dashboard-running');
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await page.getByTestId('report-downloads').waitFor();
    await screenshot(page, 'report-dashboard-done');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^capstan-load-.*\.pdf$/);
    const bytes = new Uint8Array(await readFile((await download.path())!));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    // pdf.js takes the buffer it reads (it detaches it): hand it a copy.
    const { text } = await pdfText(bytes.slice());
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Billing: Provisioned: 100 WCU, 50 RCU');
    expect(flat).toContain('Operator actions');
    expect(flat).toMatch(new RegExp(`1 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ ${DURATION} operator Paused by the operator`));
    expect(flat).toMatch(new RegExp(`2 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ ${DURATION} operator Resumed by the operator`));
    expect(flat).toContain('Rate mode: fixed at 150 WCU/s');
    expect(flat).toContain('Estimate against actual');
    expect(flat).toMatch(/Items written 2,500 2,500 as estimated/);
    expect(flat).toMatch(new RegExp(`Duration ${DURATION} ${DURATION} ([+-]\\d+%|as estimated)`));
    expect(flat).toContain('red: table capacity 100 WCU (provisioned)');
    expect(flat).toContain('read 2,500 = written 2,500 + rejected 0 + pending 0');
    await pdfPagesToPng(w.browser, bytes, (n) => join(SCREENSHOTS, `report-pdf-page-${n}.png`));

    // The HTML report draws the same capacity line and numbered markers.
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-html').click()]);
    const page2 = await w.context.newPage();
    await page2.setContent(await readFile((await html.path())!, 'utf8'));
    expect(await page2.locator('#charts g.marker').count()).toBe(3);
    await page2.locator('#charts figure').first().screenshot({ path: join(SCREENSHOTS, 'report-chart-actions.png') });
    await page2.close();
  });
});
