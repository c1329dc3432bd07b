import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient, scanAll } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const ROWS = 6_000;

/**
 * Resume, as an operator uses it: a rate changed while the job ran survives a stop (the
 * resume continues at it, not at the rate the job was started with), and a resume from
 * History can set a new rate before the job continues; the table ends with exactly the
 * file.
 */
describe('resume with live changes kept and a new rate (web mode)', () => {
  let app: WebMode;
  let dir: string;
  let page: Page;
  let sandbox: string;

  beforeAll(async () => {
    app = await startWebMode({ name: 'resume', samples: { 'rows.csv': ROWS }, tables: [onDemandTable('resumed')] });
    ({ dir, page, sandbox } = app);
  });

  afterAll(() => app?.close());

  const dashboard = () => page.getByTestId('job-dashboard');
  const stop = async () => {
    await page.getByTestId('stop-job').click();
    await page.getByTestId('confirm-ok').click();
    await waitForText(dashboard().getByTestId('job-state'), 'stopped', { timeoutMs: 60_000 });
  };

  it('keeps a rate changed while running across a stop, and resumes from History at a new rate to the exact end', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(dir, 'rows.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });
    await page.getByTestId('target-table').selectOption('resumed');
    await waitForValue(page.getByTestId('target-table'), 'resumed');
    await page.getByTestId('key-template-pk').fill('R#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    await page.getByTestId('rate-input').fill('300');
    await page.getByTestId('start-load').click();
    await waitForText(dashboard().getByTestId('job-state'), 'running', { timeoutMs: 30_000 });
    const jobId = (await dashboard().getAttribute('data-job-id'))!;

    await page.getByTestId('rate-number').fill('200');
    await page.getByTestId('apply-rate').click();
    await waitForText(page.getByTestId('stat-rate'), '200 WCU/s');
    await stop();

    // Resume from the checkpoint without changes: the rate set while running holds.
    await page.getByTestId('resume-job').click();
    await waitForText(dashboard().getByTestId('job-state'), 'running', { timeoutMs: 30_000 });
    await waitForText(page.getByTestId('stat-rate'), '200 WCU/s');
    await stop();

    // From History: a new rate before it continues.
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-resume-${jobId}`).click();
    const form = page.getByTestId(`resume-form-${jobId}`);
    expect(await form.getByTestId('resume-rate').getAttribute('placeholder')).toBe('as left: 200');
    await form.getByTestId('resume-rate').fill('900');
    await screenshot(page, 'history-resume-form');
    await form.getByTestId('resume-confirm').click();
    await dashboard().waitFor();
    await waitForText(page.getByTestId('stat-rate'), '900 WCU/s');
    await waitForText(dashboard().getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await waitForText(page.getByTestId('reconciliation'), `read ${ROWS.toLocaleString('en-US')} = written ${ROWS.toLocaleString('en-US')} + rejected 0 + pending 0`, { contains: true });
    expect(await scanAll(localClient(sandbox), 'resumed')).toHaveLength(ROWS);
  });
});
