import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobReport } from '../../shared/job-report';
import { waitFor } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const ROWS = 1_500;
/** Rows with no id (every fifth): rejected for a missing key column. */
const NO_ID = ROWS / 5;
/** Rows whose item is over 400 KB (i % 250 === 103): rejected for their size. */
const TOO_BIG = 6;

/** A CSV whose every fifth row has no id and six rows of which are over DynamoDB's item limit. */
function mixedCsv(): string {
  const big = 'x'.repeat(410_000);
  const rows = Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? `,name ${i}` : i % 250 === 103 ? `${i},${big}` : `${i},name ${i}`));
  return ['id,name', ...rows].join('\n') + '\n';
}

/**
 * Rejects as the operator meets them: the dashboard counts them by reason while the load
 * runs (the same counts the report gives at the end), operator actions are numbered on
 * the live chart as on the report's, and a re-run whose source now has no valid row
 * starts only once the operator confirms it.
 */
describe('rejects by reason, action marks and the no-valid-row confirmation (web mode)', () => {
  let app: WebMode;
  let page: Page;
  let dir: string;
  let jobId = '';

  beforeAll(async () => {
    app = await startWebMode({ name: 'rejects', prepare: (d) => writeFile(join(d, 'mixed.csv'), mixedCsv()), tables: [onDemandTable('orders')] });
    ({ page, dir } = app);
  });

  afterAll(() => app?.close());

  const dashboard = () => page.getByTestId('job-dashboard');
  const panelCounts = async () => {
    const rows = page.getByTestId('reject-reason-row');
    const counts: Record<string, number> = {};
    for (let i = 0; i < (await rows.count()); i++) {
      counts[(await rows.nth(i).getByTestId('reject-reason').textContent())!] = Number((await rows.nth(i).getByTestId('reject-count').textContent())!.replace(/,/g, ''));
    }
    return counts;
  };

  it('counts rejects by reason while the load runs, and marks the operator\'s actions on the live chart', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(dir, 'mixed.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'name', { contains: true });
    await page.getByTestId('target-table').selectOption('orders');
    await waitForValue(page.getByTestId('target-table'), 'orders');
    await page.getByTestId('key-template-pk').fill('O#{id}');
    await waitForText(page.getByTestId('sample-valid-count'), '16 of 20');
    await page.getByTestId('rate-input').fill('120');
    await page.getByTestId('start-load').click();
    await dashboard().waitFor();
    jobId = (await dashboard().getAttribute('data-job-id'))!;

    // Live: the panel shows up while the job is still running.
    await page.getByTestId('reject-reason-row').first().waitFor({ timeout: 30_000 });
    expect(await dashboard().getByTestId('job-state').textContent()).toBe('running');
    expect(await page.getByTestId('reject-reason').first().textContent()).toContain('is missing or empty');

    // Down to 50 WCU/s: the rest (about 1,000 items) takes some 20 s, so the pause and resume
    // below find the job still running even on a slow machine (at 100 it was about 10 s).
    await page.getByTestId('rate-number').fill('50');
    await page.getByTestId('rate-number').press('Enter');
    await waitForText(page.getByTestId('action-marks'), /(^|\D)50 WCU\/s/);
    await page.getByTestId('pause-job').click();
    await waitForText(dashboard().getByTestId('job-state'), 'paused');
    await page.getByTestId('resume-job').click();
    await waitForText(dashboard().getByTestId('job-state'), 'running');
    await waitFor(async () => (await page.getByTestId('action-mark').count()) === 3, 10_000, 'three numbered actions');
    // The chart draws one numbered line per action once the plot catches up.
    await waitFor(async () => (await page.getByTestId('capacity-plot').getAttribute('data-action-marks')) === '3', 10_000, 'three marks on the chart');
    await waitFor(async () => (await page.locator('[data-testid="capacity-plot"] .recharts-reference-line').count()) >= 2, 20_000, 'the marks drawn');
    await page.getByTestId('rejects-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'rejects-panel-running');

    await waitForText(dashboard().getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    const counts = await panelCounts();
    const report = JSON.parse(await readFile(join(dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
    expect(counts).toEqual(report.rejects.byReason);
    // Each group names the mapping's column and attribute; the sizes (from the data) are folded.
    expect(counts).toEqual({ 'attribute "pk": column "id" is missing or empty (needed by O#{id})': NO_ID, "the item is … bytes; DynamoDB's limit is 409,600 bytes (400 KB)": TOO_BIG });
    expect(report.totals.rejected).toBe(NO_ID + TOO_BIG);
    await waitForText(page.getByTestId('stat-rejected'), String(NO_ID + TOO_BIG));
    expect(report.actions?.map((a) => a.kind)).toHaveLength(3);
    // The stored run shows the same counts and marks, read-only.
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-open-${jobId}`).click();
    await page.getByTestId('run-view').getByTestId('rejects-panel').waitFor();
    expect(await panelCounts()).toEqual(report.rejects.byReason);
    expect(await page.getByTestId('action-mark').count()).toBe(3);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('rejects-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'run-view-rejects-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId(`job-card-${jobId}`).click();
    await dashboard().waitFor();
    await screenshot(page, 'dashboard-rejects-actions', true);
  });

  it('a re-run whose source now has no valid row needs an explicit confirmation, and is not a green success', async () => {
    await writeFile(join(dir, 'mixed.csv'), ['id,name', ...Array.from({ length: 80 }, (_, i) => `,name ${i}`)].join('\n') + '\n');
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-rerun-${jobId}`).click();
    await page.getByTestId('review-run').waitFor();
    await page.getByTestId('write-mode-insert-only').check();
    await waitForText(page.getByTestId('review-blocked'), 'None of the first 50 rows of the source would be written. Fix the source, or confirm below that it should start anyway.');
    expect(await page.getByTestId('review-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('review-start').getAttribute('title')).toContain('None of the first 50 rows');
    await waitForText(page.getByTestId('sample-rejects'), 'is missing or empty', { contains: true });
    await waitForText(page.getByTestId('sample-rejects-more'), '…and 42 more rejected rows, all for the same reason');
    await page.getByTestId('review-sample').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'rerun-no-valid-row');
    await page.getByTestId('start-without-valid-sample').check();
    await waitFor(async () => page.getByTestId('review-start').isEnabled(), 10_000, 'start to be enabled once confirmed');
    await page.getByTestId('review-start').click();
    await dashboard().waitFor();
    await waitFor(async () => (await dashboard().getAttribute('data-job-id')) !== jobId, 10_000, 'the new job\'s dashboard');
    await waitForText(dashboard().getByTestId('job-state'), 'all rejected', { timeoutMs: 60_000 });
    await waitForText(page.getByTestId('rejects-total'), '80 records rejected · 1 reason');
  });
});
