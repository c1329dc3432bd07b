import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient, scanAll, waitFor } from '../support/table-reader';
import { countAttributeChanges, recordLongTasks } from './long-tasks';
import { pdfText } from './pdf-text';
import { SCREENSHOTS, screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { startWebMode, VIEWPORT, type WebMode } from './web-mode';

const ROWS = 10_000;

/**
 * The operator's UI in web mode, in the order a new operator meets it: first start,
 * connections, a load through the wizard (rate change, pause, resume), tables, history,
 * and the dashboard's smoothness with a day of history. One web server and sandbox for
 * the whole suite; each step leaves what the next one reads (the table, the run).
 */
describe('the operator UI in web mode', () => {
  let app: WebMode;
  let dir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  let sandbox: string;
  let jobId = '';

  beforeAll(async () => {
    app = await startWebMode({ name: 'operator', samples: { 'customers.csv': ROWS }, context: { acceptDownloads: true }, open: false, testHooks: true });
    ({ dir, browser, context, page, url, sandbox } = app);
  });

  afterAll(() => app?.close());

  const dashboard = () => page.getByTestId('job-dashboard');
  const written = async () => Number((await page.getByTestId('stat-written').textContent())!.replace(/,/g, ''));

  it('refuses a WebSocket without the launch token', async () => {
    await page.goto(url.replace(/token=[^&]+/, 'token=wrong'));
    await waitForText(page.getByTestId('error-banner'), 'Cannot reach the Capstan engine', { contains: true });
  });

  it('first start: the sandbox is selected and the empty state says what to do', async () => {
    await page.goto(url);
    await page.getByTestId('app-ready').waitFor();
    await waitForText(page.getByTestId('connection'), 'Sandbox', { contains: true });
    await waitForText(page.getByTestId('empty-state'), 'npx capstan sample --rows 10000 --out customers.csv', { contains: true });
    expect(await page.getByTestId('nav-jobs').getAttribute('class')).toContain('active');
    expect(await page.getByTestId('nav-backfill').isEnabled()).toBe(true);
    await screenshot(page, 'first-start');

    const dark = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await darkPage.goto(url);
    await darkPage.getByTestId('empty-state').waitFor();
    expect(await darkPage.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).toBe('#12151a');
    await screenshot(darkPage, 'first-start-dark');
    await dark.close();
  });

  it('tests connections in words, remembers the choice, adds and removes an endpoint', async () => {
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('test-connection-sandbox').click();
    await waitForText(page.getByTestId('connection-row-sandbox').getByTestId('connection-test-result'), /Works: \d+ tables? listed in [\d,]+ ms/);

    await page.getByTestId('endpoint-label').fill('Nothing listening');
    await page.getByTestId('endpoint-url').fill('http://127.0.0.1:9');
    await page.getByTestId('add-endpoint').click();
    const row = page.locator('[data-testid^="connection-row-endpoint:"]');
    await row.waitFor();
    const endpointId = (await row.getAttribute('data-testid'))!.replace('connection-row-', '');
    await page.getByTestId(`test-connection-${endpointId}`).click();
    const failed = await waitForText(row.getByTestId('connection-test-result'), '✗', { contains: true, timeoutMs: 30_000 });
    expect(failed.length).toBeGreaterThan(5);
    await screenshot(page, 'connections');

    // The choice survives a reload (localStorage), and the header follows it.
    await waitForText(page.getByTestId('connection'), 'Nothing listening', { contains: true });
    await page.reload();
    await page.getByTestId('app-ready').waitFor();
    await waitForText(page.getByTestId('connection'), 'Nothing listening', { contains: true });
    await page.getByTestId('nav-connections').click();
    await page.getByTestId('select-connection-sandbox').check();
    await page.getByTestId(`remove-connection-${endpointId}`).click();
    await waitFor(async () => (await row.count()) === 0, 10_000, 'the endpoint to be removed');
    await waitForText(page.getByTestId('connection'), 'Sandbox', { contains: true });
  });

  it('lists keyboard shortcuts in a help overlay', async () => {
    await page.keyboard.press('?');
    await waitForText(page.getByTestId('help-overlay'), 'Pause or resume', { contains: true });
    await screenshot(page, 'help-overlay');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await page.getByTestId('help-overlay').count()) === 0, 5_000, 'the overlay to close');
  });

  it('imports a 10,000-row sample through the wizard with a rate change, a pause and a resume; the table holds exactly the file', async () => {
    await page.getByTestId('nav-load').click();
    await screenshot(page, 'load-wizard-empty');
    await page.getByTestId('source-path').fill(join(dir, 'customers.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });

    await page.getByTestId('new-table').click();
    await page.getByTestId('new-table-name').fill('customers');
    await page.getByTestId('new-table-pk').fill('pk');
    await page.getByTestId('create-table').click();
    await waitForValue(page.getByTestId('target-table'), 'customers', 30_000);

    // A template that names a missing column makes every sample row a reject, with the reason.
    await page.getByTestId('key-template-pk').fill('CUST#{no_such_column}');
    await waitForText(page.getByTestId('sample-rejects'), 'column "no_such_column" is missing or empty', { contains: true });
    await page.getByTestId('key-template-pk').fill('CUST#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    await waitForText(page.getByTestId('estimate-items'), /≈ [\d,]+/);
    const estimated = Number((await page.getByTestId('estimate-items').textContent())!.replace(/[^\d]/g, ''));
    expect(estimated).toBeGreaterThan(ROWS * 0.8);
    expect(estimated).toBeLessThan(ROWS * 1.2);
    await waitForText(page.getByTestId('estimate-cost-on-demand'), '$', { contains: true });
    await page.getByTestId('rate-input').fill('1000');
    await page.getByTestId('limit-max-rate').fill('2000');
    await screenshot(page, 'load-wizard-filled', true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-spec').click()]);
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8')) as { kind: string; table: string; mapping: { templates: { attribute: string; template: string }[] }; limits: { maxWcuPerSecond: number } };
    expect(saved.kind).toBe('load');
    expect(saved.table).toBe('customers');
    expect(saved.mapping.templates).toEqual([{ attribute: 'pk', template: 'CUST#{customer_id}', type: 'S' }]);
    expect(saved.limits.maxWcuPerSecond).toBe(2000);

    await page.getByTestId('start-load').click();
    await dashboard().waitFor();
    await waitForText(dashboard().getByTestId('job-state'), 'running', { timeoutMs: 30_000 });
    jobId = (await page.locator('[data-testid^="nav-job-"]').first().getAttribute('data-testid'))!.replace('nav-job-', '');

    // Rate change while running: the engine's snapshot reports the new rate. 400 WCU/s leaves
    // the job some 15 s after the first 4,000 items, so the mode change, the cancelled stop and
    // the pause below find it still running on a slow machine (at 700 it was about 8 s).
    await page.getByTestId('rate-number').fill('400');
    await page.getByTestId('apply-rate').click();
    await waitForText(page.getByTestId('stat-rate'), '400 WCU/s');

    // Leaving the dashboard does not stop the job: it runs on while Jobs and Sandbox are shown.
    await page.getByTestId('nav-jobs').click();
    await waitForText(page.getByTestId(`job-card-${jobId}`), /[1-9],\d{3} written/);
    await screenshot(page, 'jobs-running');
    await page.getByTestId('nav-sandbox').click();
    const cells = page.getByTestId('heat-map-customers').getByTestId('partition-cell');
    await waitFor(async () => (await cells.count()) > 0, 15_000, 'partition cells of the customers table');
    await waitFor(async () => {
      const loads = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-load'))));
      return loads.some((l) => l > 0);
    }, 15_000, 'a partition with write load on the heat map');
    await screenshot(page, 'sandbox-running', true);

    await page.getByTestId(`nav-job-${jobId}`).click();
    await dashboard().waitFor();
    await waitFor(async () => (await written()) >= 4_000, 60_000, 'the first 4,000 items');
    await waitFor(async () => Number(await page.getByTestId('capacity-plot').getAttribute('data-points')) > 2, 10_000, 'points on the capacity chart');
    await page.getByTestId('dashboard-heat-map').getByTestId('partition-cell').first().waitFor();
    await screenshot(page, 'dashboard-running');
    await screenshot(page, 'dashboard-running-full', true);

    // Rate mode: share of organic from the 70% -> 80% target helper (14.3%), then back to fixed.
    await page.getByTestId('mode-change').click();
    await page.getByTestId('mode-pick-share-of-organic').click();
    await waitForText(page.getByTestId('mode-use-helper'), 'Use 14.3%');
    await page.getByTestId('mode-use-helper').click();
    await waitForValue(page.getByTestId('mode-sharePercent'), '14.3');
    await page.getByTestId('mode-apply').click();
    await waitForText(page.getByTestId('mode-current'), '14.3% of organic traffic');
    await waitForText(page.getByTestId('rate-decision'), 'share of organic', { contains: true });
    const drawn = Number(await page.getByTestId('capacity-plot').getAttribute('data-drawn-ticks'));
    await waitFor(async () => Number(await page.getByTestId('capacity-plot').getAttribute('data-drawn-ticks')) >= drawn + 3, 15_000, 'three seconds in the new mode');
    await page.getByTestId('capacity-chart').evaluate((el) => el.closest('.card')?.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'dashboard-mode-share-of-organic');
    await page.getByTestId('mode-change').click();
    await page.getByTestId('mode-pick-fixed').click();
    await page.getByTestId('mode-wcuPerSecond').fill('400');
    await page.getByTestId('mode-apply').click();
    await waitForText(page.getByTestId('mode-current'), 'fixed at 400 WCU/s', { contains: true });

    // Stop asks first; cancelling leaves the job running.
    await page.getByTestId('stop-job').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-cancel').click();
    expect(await dashboard().getByTestId('job-state').textContent()).toBe('running');

    // Pause: the count must stop moving.
    await page.getByTestId('pause-job').click();
    await waitForText(dashboard().getByTestId('job-state'), 'paused');
    let previous = -1;
    let stableSince = Date.now();
    await waitFor(async () => {
      const now = await written();
      if (now !== previous) {
        previous = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince >= 2_000;
    }, 20_000, 'the written count to hold still while paused', 100);
    expect(previous).toBeLessThan(ROWS);
    await screenshot(page, 'dashboard-paused');

    // Resume with the space bar.
    await page.keyboard.press('Space');
    await waitForText(dashboard().getByTestId('job-state'), /running|completed/);
    await waitForText(dashboard().getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await waitForText(page.getByTestId('stat-written'), '10,000');
    await waitForText(page.getByTestId('stat-rejected'), '0');
    await waitForText(page.getByTestId('reconciliation'), 'read 10,000 = written 10,000 + rejected 0 + pending 0', { contains: true });
    await page.getByTestId('report-downloads').waitFor();
    await screenshot(page, 'dashboard-completed');

    const csv = (await readFile(join(dir, 'customers.csv'), 'utf8')).trim().split('\n').slice(1);
    const expected = new Map(csv.map((line) => {
      const [id, acquired, created, updated] = line.split(',');
      return [`CUST#${id}`, { acquired, created, updated }];
    }));
    const items = await scanAll(localClient(sandbox), 'customers');
    expect(items).toHaveLength(ROWS);
    for (const item of items) {
      const row = expected.get(item.pk!.S!);
      expect(row, `unexpected item ${item.pk?.S}`).toBeDefined();
      expect(item.acquisition_date?.S).toBe(row!.acquired);
      expect(item.last_updated_timestamp?.S).toBe(row!.updated);
    }
  });

  it('shows the tables list and a table in detail', async () => {
    await page.getByTestId('nav-tables').click();
    await page.getByTestId('table-row-customers').waitFor();
    await screenshot(page, 'tables');
    await page.getByTestId('table-row-customers').click();
    await waitForText(page.getByTestId('detail-partition-key'), 'pk (S)');
    await waitForText(page.getByTestId('detail-billing'), 'On-demand');
    await waitForText(page.getByTestId('detail-sort-key'), 'none');
    await page.getByTestId('gsi-none').waitFor();
    await screenshot(page, 'table-detail');
  });

  it('reopens the run from History read-only, with its counts', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-row-${jobId}`).waitFor();
    await waitForText(page.getByTestId(`run-row-${jobId}`).getByTestId('job-state'), 'completed');
    await page.getByTestId(`run-rerun-${jobId}`).waitFor();
    await screenshot(page, 'history');
    await page.getByTestId(`run-open-${jobId}`).click();
    const view = page.getByTestId('run-view');
    await view.getByTestId('read-only-badge').waitFor();
    await waitForText(view.getByTestId('stat-written'), '10,000');
    await waitForText(view.getByTestId('reconciliation'), 'read 10,000 = written 10,000 + rejected 0 + pending 0', { contains: true });
    await waitForText(view.getByTestId('run-report-statement'), 'read 10,000 = written 10,000', { contains: true });
    await waitFor(async () => Number(await view.getByTestId('capacity-plot').getAttribute('data-points')) > 2, 10_000, 'the stored series on the chart');
    // The stored event log: the operator's rate change is in it.
    await waitForText(view.getByTestId('job-log'), 'Rate mode: fixed at 400 WCU/s', { contains: true });
    expect(await view.getByTestId('pause-job').count()).toBe(0);
    expect(await view.getByTestId('rate-control').count()).toBe(0);
    await screenshot(page, 'run-view', true);
  });

  it('downloads the run report as JSON, CSV, HTML and PDF, each with the summary', async () => {
    const view = page.getByTestId('run-view');
    const fetch = async (format: string): Promise<{ name: string; text: string }> => {
      const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId(`report-${format}`).click()]);
      return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
    };

    const json = await fetch('json');
    expect(json.name).toBe(`capstan-${jobId}.json`);
    const report = JSON.parse(json.text) as { reconciliation: { balanced: boolean; read: number; written: number; pending: number; statement: string } };
    expect(report.reconciliation).toMatchObject({ balanced: true, read: ROWS, written: ROWS, pending: 0 });

    const csv = await fetch('csv');
    const [header, ...lines] = csv.text.trim().split(/\r?\n/);
    const writtenColumn = header!.split(',').indexOf('written');
    expect(writtenColumn).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.reduce((sum, line) => sum + Number(line.split(',')[writtenColumn]), 0)).toBe(ROWS);

    const html = await fetch('html');
    expect(html.text).toContain('<h2>Summary</h2>');
    expect(html.text).toContain(report.reconciliation.statement);
    expect(html.text).toContain('read 10,000 = written 10,000 + rejected 0 + pending 0');

    // Web mode downloads the PDF the server lays out (no print dialog).
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), view.getByTestId('report-pdf').click()]);
    expect(pdfDownload.suggestedFilename()).toBe(`capstan-${jobId}.pdf`);
    const pdf = await pdfText(new Uint8Array(await readFile((await pdfDownload.path())!)));
    expect(pdf.pages).toBeGreaterThan(0);
    expect(pdf.text).toContain('Summary');
    expect(pdf.text.replace(/\s+/g, ' ')).toContain('read 10,000 = written 10,000 + rejected 0 + pending 0');

    const reportPage = await context.newPage();
    await reportPage.setContent(html.text);
    await reportPage.screenshot({ path: join(SCREENSHOTS, 'report-html.png'), fullPage: true });
    await reportPage.close();
  });

  it('keeps the dashboard free of long tasks while ticks stream onto a 24-hour history', async () => {
    const perf = await context.newPage();
    await perf.setViewportSize(VIEWPORT);
    await perf.goto(`${url}&test=1`);
    await perf.getByTestId('app-ready').waitFor();
    await perf.evaluate(() => window.__capstanTest!.injectRun('synthetic-24h', 'customers', 86_400));
    const openedAt = Date.now();
    await perf.getByTestId('nav-job-synthetic-24h').click();
    await waitFor(async () => Number(await perf.getByTestId('capacity-plot').getAttribute('data-points')) > 100, 20_000, 'the 24-hour chart');
    const openMs = Date.now() - openedAt;
    await perf.getByTestId('throttle-diagnosis').waitFor();

    const drawnBefore = Number(await perf.getByTestId('capacity-plot').getAttribute('data-drawn-ticks'));
    const stop = await recordLongTasks(perf);
    const stopCounting = await countAttributeChanges(perf, 'capacity-plot', 'data-drawn-ticks');
    const streamed = Date.now();
    // 700 ticks, one per 16 ms (about one per frame, 60 times the engine's pace), onto
    // 86,400 ticks of history: enough to complete at least one 10-minute chart step, so
    // the measurement includes full redraws of the charts, not only the figures.
    await perf.evaluate(() => window.__capstanTest!.streamTicks('synthetic-24h', 700, 16));
    const streamMs = Date.now() - streamed;
    const longTasks = await stop();
    const redraws = await stopCounting();
    const drawnAfter = Number(await perf.getByTestId('capacity-plot').getAttribute('data-drawn-ticks'));
    const points = await perf.getByTestId('capacity-plot').getAttribute('data-points');
    const blockedMs = longTasks.reduce((sum, ms) => sum + ms, 0);
    console.log(`[long tasks] 86,400-tick history + 700 streamed ticks in ${streamMs} ms: ${longTasks.length} long tasks ${JSON.stringify(longTasks)} (${blockedMs} ms); plot redrawn ${redraws} times, from ${drawnBefore} to ${drawnAfter} ticks as ${points} points; opening the dashboard took ${openMs} ms`);
    expect(drawnAfter).toBeGreaterThan(drawnBefore);
    // The chart redraws when a 10-minute step completes (once in these 700 ticks), not per
    // tick: a regression to per-tick redraws changes the drawn prefix hundreds of times.
    // Counted, not timed, so a busy machine cannot fail it.
    expect(redraws).toBeGreaterThanOrEqual(1);
    expect(redraws).toBeLessThanOrEqual(3);
    // Long tasks, the browser's measure, depend on the machine: a quiet one shows 0 to 2 of
    // 50-90 ms; at load 10 on two cores, 11 to 17 with one of 280 ms (the former bounds, 10
    // tasks and none over 250 ms, failed there). With per-tick redraws forced, the same load
    // gave 145 tasks, 12 s of 35 s: the redraw count above is what catches that. This bound
    // only refuses a dashboard that blocks for most of the stream.
    expect(blockedMs).toBeLessThan(streamMs / 2);

    await screenshot(perf, 'dashboard-24h');
    await screenshot(perf, 'dashboard-24h-full', true);
    await perf.emulateMedia({ colorScheme: 'dark' });
    await screenshot(perf, 'dashboard-24h-dark');

    // A fill-mode hour with CloudWatch minutes: every capacity series, the decision and the engine's diagnosis.
    await perf.emulateMedia({ colorScheme: 'light' });
    await perf.evaluate(() => window.__capstanTest!.injectFillRun('synthetic-fill', 'orders'));
    await perf.getByTestId('nav-job-synthetic-fill').click();
    await waitForText(perf.getByTestId('mode-current'), 'fill 95% of provisioned capacity');
    await waitForText(perf.getByTestId('rate-decision'), 'fill: 95% of 1,000 provisioned', { contains: true });
    const legend = await waitForText(perf.getByTestId('capacity-chart').locator('.chart-legend'), 'organic estimate', { contains: true });
    expect(legend).toContain('table total consumed WCU/s (CloudWatch, per minute)');
    expect(legend).toContain('table provisioned WCU');
    expect(await perf.getByTestId('throttle-diagnosis').getAttribute('data-source')).toBe('engine');
    await waitForText(perf.getByTestId('diagnosis-TableWriteProvisionedThroughputExceeded'), 'organic traffic rose faster', { contains: true });
    await screenshot(perf, 'dashboard-fill-mode');
    await screenshot(perf, 'dashboard-fill-mode-full', true);
    await perf.emulateMedia({ colorScheme: 'dark' });
    await screenshot(perf, 'dashboard-fill-mode-dark');
    await perf.close();
  });
});
