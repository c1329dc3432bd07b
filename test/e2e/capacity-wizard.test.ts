import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const ROWS = 10_000;

/**
 * A rate far above what the table can take, as an operator meets it: the wizard warns
 * before start and gives a duration from the table's capacity (not rows / rate); once
 * running, the dashboard keeps the operator's rate apart from the rate in force, and the
 * diagnosis names the asked rate against the table's capacity.
 */
describe('capacity-aware wizard and dashboard (web mode)', () => {
  let app: WebMode;
  let dir: string;
  let page: Page;

  beforeAll(async () => {
    app = await startWebMode({
      name: 'capacity', samples: { 'orders.csv': ROWS },
      tables: [{ ...onDemandTable('small'), BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 10 } }],
    });
    ({ dir, page } = app);
  });

  afterAll(() => app?.close());

  it('warns before start that 1,000 WCU/s into a 10 WCU table runs about 100x slower once burst is spent, with a duration from the table', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(dir, 'orders.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });
    await page.getByTestId('target-table').selectOption('small');
    await waitForValue(page.getByTestId('target-table'), 'small');
    // A sample in which no row would be written: start is refused, and the button says why.
    await page.getByTestId('key-template-pk').fill('O#{no_such_column}');
    await waitForText(page.getByTestId('start-blocked'), 'None of the 20 sample rows would be written (reasons above): fix the mapping first.');
    expect(await page.getByTestId('start-load').isDisabled()).toBe(true);
    await page.getByTestId('key-template-pk').fill('O#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    await page.getByTestId('rate-input').fill('1000');
    await waitForText(page.getByTestId('capacity-warning'), /^1,000 WCU\/s into a 10 WCU table: about 100x slower than asked once burst is spent \(after about \d s\)/);
    expect(await page.getByTestId('capacity-forecast').getAttribute('data-limited-by')).toBe('provisioned');
    // About 3,000 WCU of burst, then 10 WCU/s for the other ~7,000 items: some 12 minutes, not the 10 s rows / rate says.
    const duration = await waitForText(page.getByTestId('forecast-duration'), 'at 1,000 WCU/s throughout it would be', { contains: true });
    expect(duration).toMatch(/Expected duration from the table's capacity: 1[0-3]m \d+s/);
    expect(await page.getByTestId('estimate-duration').textContent()).toMatch(/^1[0-3]m \d+s$/);
    await page.getByTestId('capacity-forecast').evaluate((el) => el.closest('.card')?.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'load-wizard-capacity-warning');
  });

  it('once throttled, shows the operator\'s rate and the rate in force apart, and diagnoses the asked rate against the table', async () => {
    await page.getByTestId('start-load').click();
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor();
    // The dashboard opens at its top, with the controls in view, whatever the wizard's scroll.
    await waitForText(dashboard.getByTestId('job-state'), 'running', { timeoutMs: 30_000 });
    expect(await page.evaluate(() => document.querySelector('.content')!.scrollTop)).toBe(0);
    expect(await page.getByTestId('pause-job').isVisible()).toBe(true);
    await waitForText(page.getByTestId('diagnosis-TableWriteProvisionedThroughputExceeded'), /1,000 WCU\/s asked of a 10 WCU table/, { timeoutMs: 60_000 });
    await waitFor(async () => {
      const inForce = Number((await page.getByTestId('stat-effective-rate').textContent())!.replace(/[^\d]/g, ''));
      return inForce > 0 && inForce < 1_000;
    }, 30_000, 'a backed-off rate in force');
    expect(await page.getByTestId('stat-rate').textContent()).toBe('1,000 WCU/s');
    expect(await page.getByTestId('rate-number').inputValue()).toBe('1000');
    await screenshot(page, 'dashboard-throttled');
    await page.getByTestId('stop-job').click();
    await page.getByTestId('confirm-ok').click();
    await waitForText(dashboard.getByTestId('job-state'), 'stopped', { timeoutMs: 60_000 });
  });

  it('the backfill wizard warns that a 500 RCU/s scan of a 5 RCU table is throttled, and says nothing at 5', async () => {
    await page.getByTestId('nav-backfill').click();
    await page.getByTestId('backfill-wizard').waitFor();
    await waitFor(async () => (await page.getByTestId('bf-table').locator('option[value="small"]').count()) > 0, 15_000, 'the table in the list');
    await page.getByTestId('bf-table').selectOption('small');
    await page.getByTestId('bf-rcu').fill('500');
    await waitForText(page.getByTestId('bf-read-rate-warning'), /^The scan asks 500 RCU\/s of small, which is provisioned for 5 RCU\/s and it has no read auto scaling: .* about 100x slower than asked/);
    await page.getByTestId('bf-read-rate-warning').scrollIntoViewIfNeeded();
    await screenshot(page, 'backfill-read-rate-warning');
    await page.getByTestId('bf-rcu').fill('5');
    await waitFor(async () => (await page.getByTestId('bf-read-rate-warning').count()) === 0, 15_000, 'the warning gone at 5 RCU/s');
  });
});
