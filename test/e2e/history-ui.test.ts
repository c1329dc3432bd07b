import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/built-app';
import { waitFor } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

/**
 * History as an operator uses it after a day of work: a completed load, a load stopped
 * part-way, a read-only count and a trial. Trials are listed apart from runs; filters by
 * kind, table, state and day narrow the list; the stopped run's bar shows the share it
 * settled (not the share of the file its reader got through); and a stored run shows the
 * rate it ran at, never "0 WCU/s" from its last partial second, nor a write rate on a count.
 */
describe('History: trials apart, filters, true shares (web mode)', () => {
  let w: WebMode;

  beforeAll(async () => {
    w = await startWebMode({ name: 'history', samples: { 'small.csv': 400, 'big.csv': 8_000 }, tables: [onDemandTable('alpha'), onDemandTable('beta')] });
  });

  afterAll(async () => {
    await w?.close();
  });

  const load = async (file: string, table: string, rate: number) => {
    const { page } = w;
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(w.dir, file));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });
    await page.getByTestId('target-table').selectOption(table);
    await waitForValue(page.getByTestId('target-table'), table);
    await page.getByTestId('key-template-pk').fill('C#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    await page.getByTestId('rate-input').fill(String(rate));
    await page.getByTestId('start-load').click();
    // The small load (400 rows at 1,000 WCU/s) can end before a poll sees "running".
    await waitForText(page.getByTestId('job-dashboard').getByTestId('job-state'), /^(running|completed)$/, { timeoutMs: 30_000 });
    return (await page.getByTestId('job-dashboard').getAttribute('data-job-id'))!;
  };

  it('lists trials apart, filters, and shows a stopped run\'s true share and its rate', async () => {
    const { page } = w;
    const state = () => page.getByTestId('job-dashboard').getByTestId('job-state');
    const done = await load('small.csv', 'alpha', 1000);
    await waitForText(state(), 'completed', { timeoutMs: 60_000 });
    const stopped = await load('big.csv', 'beta', 200);
    // Some of it written (any count from 100: "1,234" too), then stopped well before the end.
    await waitFor(async () => Number(((await page.getByTestId('stat-written').textContent()) ?? '').replace(/,/g, '')) >= 100, 30_000, '100 items written', 50);
    // History while a load runs.
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-row-${stopped}`).waitFor();
    await screenshot(page, 'history-running');
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId(`job-card-${stopped}`).click();
    await page.getByTestId('stop-job').click();
    await page.getByTestId('confirm-ok').click();
    await waitForText(state(), 'stopped', { timeoutMs: 60_000 });

    // A read-only count of alpha, and a trial of it, from the CLI into the same data folder.
    const data = join(w.dir, 'data');
    const count = await runCli(['backfill', '--endpoint', w.sandbox, '--data-dir', data, '--table', 'alpha', '--op', 'count']);
    expect(count.code, count.output).toBe(0);
    const trial = await runCli(['backfill', '--endpoint', w.sandbox, '--data-dir', data, '--table', 'alpha', '--op', 'count', '--trial', '0.5']);
    expect(trial.code, trial.output).toBe(0);

    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('nav-history').click();
    const runs = page.getByTestId('runs-list');
    const trials = page.getByTestId('trials-list');
    await trials.waitFor();
    expect(await runs.locator('tbody tr').count()).toBe(3);
    expect(await trials.locator('tbody tr').count()).toBe(1);
    expect(await trials.getByTestId(`run-row-${done}`).count()).toBe(0);
    // A count and a trial write nothing: they say what they scanned, never "written".
    expect(await trials.locator('thead').textContent()).toContain('Scanned');
    expect(await trials.locator('thead').textContent()).not.toContain('Written');
    const countWritten = runs.locator('tbody tr').filter({ hasText: 'alpha' }).filter({ hasNotText: 'Load' }).first().getByTestId('run-written');
    expect(await countWritten.textContent()).toMatch(/^[\d,]+ scanned$/);
    expect(await runs.getByTestId(`run-row-${done}`).getByTestId('run-written').textContent()).toMatch(/^[\d,]+$/);

    // The stopped load settled only part of its file: its bar says so.
    const share = Number(await page.getByTestId(`run-share-${stopped}`).getAttribute('data-share'));
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(0.9);
    expect(Number(await page.getByTestId(`run-share-${done}`).getAttribute('data-share'))).toBe(1);

    // Filters.
    await page.getByTestId('filter-kind').selectOption('trial');
    await waitForText(page.getByTestId('history-count'), '1 of 4 shown');
    expect(await runs.count()).toBe(0);
    await page.getByTestId('filter-kind').selectOption('load');
    await waitForText(page.getByTestId('history-count'), '2 of 4 shown');
    await page.getByTestId('filter-table').selectOption('beta');
    await waitForText(page.getByTestId('history-count'), '1 of 4 shown');
    await page.getByTestId('filter-kind').selectOption('');
    await page.getByTestId('filter-table').selectOption('');
    await page.getByTestId('filter-state').selectOption('stopped');
    await waitForText(page.getByTestId('history-count'), '1 of 4 shown');
    expect(await runs.getByTestId(`run-row-${stopped}`).count()).toBe(1);
    await page.getByTestId('filter-state').selectOption('');
    await page.getByTestId('filter-from').fill('2099-01-01');
    await waitForText(page.getByTestId('history-count'), '0 of 4 shown');
    await page.getByTestId('filter-clear').click();
    await waitForText(page.getByTestId('history-count'), '4 of 4 shown');
    await screenshot(page, 'history-filters', true);

    // A stored load shows the rate it ran at; a stored count shows no write rate.
    await page.getByTestId(`run-open-${stopped}`).click();
    await waitForText(page.getByTestId('run-view').getByTestId('stat-rate'), '200 WCU/s');
    await page.getByTestId('nav-history').click();
    const countRow = runs.locator('tbody tr').filter({ hasText: 'alpha' }).filter({ hasNotText: 'Load' }).first();
    await countRow.locator('button.link-button').click();
    await waitForText(page.getByTestId('run-view').getByTestId('stat-rate'), /^[\d,]+ RCU\/s$/);
  });
});
