import { join } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient, scanAll, waitFor } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const ROWS = 300;

/**
 * Never overwrite silently, as an operator meets it: a first load into an empty table
 * says so and starts; an attribute is then added to every item outside Capstan; the
 * re-run opens the spec for review instead of starting, and neither it nor a new load
 * through the wizard may start until the operator picks what happens to the items there.
 * Insert-only and merge both keep the added attribute, checked item by item.
 */
describe('write modes in the UI (web mode)', () => {
  let app: WebMode;
  let dir: string;
  let page: Page;
  let sandbox: string;
  let firstRun = '';

  beforeAll(async () => {
    app = await startWebMode({ name: 'modes', samples: { 'people.csv': ROWS }, tables: [onDemandTable('people')] });
    ({ dir, page, sandbox } = app);
  });

  afterAll(() => app?.close());

  const fillWizard = async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(dir, 'people.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });
    await page.getByTestId('target-table').selectOption('people');
    await waitForValue(page.getByTestId('target-table'), 'people');
    await page.getByTestId('key-template-pk').fill('P#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
  };

  const runToCompletion = async () => {
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor();
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    return (await dashboard.getAttribute('data-job-id'))!;
  };

  const addExpiry = async () => {
    const client = localClient(sandbox);
    for (const item of await scanAll(client, 'people')) {
      await client.send(new UpdateItemCommand({ TableName: 'people', Key: { pk: item.pk! }, UpdateExpression: 'SET expires_at = :t', ExpressionAttributeValues: { ':t': { N: '1900000000' } } }));
    }
  };

  it('a load into an empty table says so and starts without asking', async () => {
    await fillWizard();
    await waitForText(page.getByTestId('write-mode-empty'), 'people is empty', { contains: true });
    expect(await page.getByTestId('write-mode-choice').count()).toBe(0);
    await page.getByTestId('start-load').click();
    firstRun = await runToCompletion();
    expect(await scanAll(localClient(sandbox), 'people')).toHaveLength(ROWS);
  });

  it('re-run opens the spec for review; it starts only once insert-only is chosen, and skips every stored item', async () => {
    await addExpiry();
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-rerun-${firstRun}`).click();
    await page.getByTestId('review-run').waitFor();
    await waitForText(page.getByTestId('write-mode-warning'), 'people already holds items', { contains: true });
    await waitForText(page.getByTestId('review-spec'), 'P#{customer_id}', { contains: true });
    expect(await page.getByTestId('review-start').isDisabled()).toBe(true);
    await waitForText(page.getByTestId('review-blocked'), 'choose what happens to them', { contains: true });
    // Nothing was started by opening the review.
    expect(await page.locator('[data-testid^="nav-job-"]').count()).toBe(0);
    await screenshot(page, 'rerun-review');

    await page.getByTestId('write-mode-insert-only').check();
    await waitForText(page.getByTestId('review-spec'), 'Insert only', { contains: true });
    await page.getByTestId('review-start').click();
    await runToCompletion();
    await waitForText(page.getByTestId('stat-skipped'), String(ROWS));
    await waitForText(page.getByTestId('reconciliation'), `read ${ROWS} = written 0 + rejected 0 + skipped ${ROWS} + pending 0`, { contains: true });
    const items = await scanAll(localClient(sandbox), 'people');
    expect(items).toHaveLength(ROWS);
    for (const item of items) expect(item.expires_at).toEqual({ N: '1900000000' });
  });

  it('the wizard says what will happen to the items there and waits for a choice; merge keeps the added attribute', async () => {
    await fillWizard();
    await waitForText(page.getByTestId('write-mode-warning'), 'people already holds items', { contains: true });
    expect(await page.getByTestId('start-load').isDisabled()).toBe(true);
    await waitForText(page.getByTestId('start-blocked'), 'people already holds items: choose what happens to them', { contains: true });
    await page.getByTestId('write-mode-merge').check();
    await waitFor(async () => page.getByTestId('start-load').isEnabled(), 10_000, 'start to be enabled');
    await page.getByTestId('write-mode-choice').evaluate((el) => el.closest('.card')?.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'load-wizard-write-mode');
    await page.getByTestId('start-load').click();
    await runToCompletion();
    await waitForText(page.getByTestId('reconciliation'), `read ${ROWS} = written ${ROWS} + rejected 0 + pending 0`, { contains: true });
    const items = await scanAll(localClient(sandbox), 'people');
    expect(items).toHaveLength(ROWS);
    for (const item of items) {
      expect(item.expires_at).toEqual({ N: '1900000000' });
      expect(item.customer_id?.S).toBe(item.pk!.S!.slice(2));
    }
  });
});
