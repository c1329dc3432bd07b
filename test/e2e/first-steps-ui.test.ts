import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { startWebMode, type WebMode } from './web-mode';

const SAMPLE_ROWS = 10_000;

/**
 * A new operator's first minutes (issue 16 point 10): one click makes a sample file and a
 * sandbox table and opens the load wizard filled in, with column names in their real case
 * and key templates whose underscores show; the load runs to the exact end; the tables
 * page creates a table with a sort key, a GSI and its own read capacity; a table's page
 * counts its items live, paced, and stops when asked.
 */
describe('first steps and small things (web mode)', () => {
  let app: WebMode;
  let page: Page;

  beforeAll(async () => {
    app = await startWebMode({ name: 'first-steps' });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('"Try it with sample data" makes a file and a sandbox table and opens the wizard filled in; the load ends exact', async () => {
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('try-sample-data').click();
    await waitForValue(page.getByTestId('source-path'), join(app.dir, 'data', 'samples', 'customers_sample.csv'), 30_000);
    await waitForValue(page.getByTestId('target-table'), 'customers_sample');
    await waitForValue(page.getByTestId('key-template-pk'), 'CUST#{customer_id}');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    // Column names as the file spells them (innerText shows what CSS makes of the text).
    const header = page.locator('.preview-grid th .column-name').first();
    expect(await header.evaluate((el) => (el as HTMLElement).innerText)).toBe('customer_id');
    // The template field is tall enough for an underscore's stroke below the baseline.
    const input = page.getByTestId('key-template-pk');
    const { lineHeight, fontSize, clientHeight } = await input.evaluate((el) => {
      const style = getComputedStyle(el);
      return { lineHeight: parseFloat(style.lineHeight), fontSize: parseFloat(style.fontSize), clientHeight: el.clientHeight };
    });
    expect(lineHeight, 'line-height in px').toBeGreaterThanOrEqual(fontSize * 1.4);
    expect(clientHeight).toBeGreaterThanOrEqual(lineHeight);
    // A new on-demand table has no write cap (DynamoDB says -1): the forecast is the ramp, not "-1 WRU/s".
    const forecast = await waitForText(page.getByTestId('forecast-duration'), 'Expected duration', { contains: true });
    expect(forecast).not.toMatch(/-\d/);
    expect(await page.getByTestId('capacity-warning').count()).toBe(0);
    await screenshot(page, 'try-sample-data-wizard', true);

    await page.getByTestId('start-load').click();
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor();
    // The dashboard opens at its top with its controls in view.
    expect(await page.evaluate(() => document.querySelector('.content')!.scrollTop)).toBe(0);
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    expect(await scanAll(app.client, 'customers_sample')).toHaveLength(SAMPLE_ROWS);
  });

  it('creates a provisioned table with a sort key, a GSI and its own read capacity', async () => {
    await page.getByTestId('nav-tables').click();
    await page.getByTestId('tables-new').click();
    await page.getByTestId('new-table-name').fill('orders');
    await page.getByTestId('new-table-pk').fill('customer');
    await page.getByTestId('new-table-sk').fill('placed_at');
    await page.getByTestId('new-table-sk-type').selectOption('N');
    await page.getByTestId('new-table-billing').selectOption('PROVISIONED');
    await page.getByTestId('new-table-rcu').fill('40');
    await page.getByTestId('new-table-wcu').fill('25');
    await page.getByTestId('new-table-add-index').click();
    await page.getByTestId('new-index-0-name').fill('by_status');
    await page.getByTestId('new-index-0-pk').fill('status');
    await page.getByTestId('new-index-0-sk').fill('placed_at');
    // An index key named like a table key takes its type (an attribute has one type in every key).
    await waitForValue(page.getByTestId('new-index-0-sk-type'), 'N');
    await screenshot(page, 'create-table-form');
    await page.getByTestId('create-table').click();
    await page.getByTestId('table-row-orders').waitFor({ timeout: 60_000 });
    const table = (await app.client.send(new DescribeTableCommand({ TableName: 'orders' }))).Table!;
    expect(table.KeySchema).toEqual([{ AttributeName: 'customer', KeyType: 'HASH' }, { AttributeName: 'placed_at', KeyType: 'RANGE' }]);
    expect(table.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 40, WriteCapacityUnits: 25 });
    expect(table.GlobalSecondaryIndexes).toHaveLength(1);
    expect(table.GlobalSecondaryIndexes![0]).toMatchObject({
      IndexName: 'by_status', Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 40, WriteCapacityUnits: 25 },
      KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'placed_at', KeyType: 'RANGE' }],
    });
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining([{ AttributeName: 'placed_at', AttributeType: 'N' }, { AttributeName: 'status', AttributeType: 'S' }]));
  });

  it('counts a table\'s items live on its page, exact at the end, and stops when asked', async () => {
    await page.getByTestId('table-row-customers_sample').click();
    await page.getByTestId('item-count').waitFor();
    // Slow enough that the count is still going after its first page: stop it there.
    await page.getByTestId('count-rate').fill('5');
    await page.getByTestId('count-start').click();
    await waitForText(page.getByTestId('count-result'), 'so far', { contains: true });
    await page.getByTestId('count-stop').click();
    await waitForText(page.getByTestId('count-result'), 'counted before you stopped: not the whole table', { contains: true });
    const partial = Number((await page.getByTestId('count-items').textContent())!.replace(/,/g, ''));
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(SAMPLE_ROWS);

    await page.getByTestId('count-rate').fill('2000');
    await page.getByTestId('count-start').click();
    await waitForText(page.getByTestId('count-result'), '(exact, counted now)', { contains: true, timeoutMs: 60_000 });
    expect(await page.getByTestId('count-items').textContent()).toBe(SAMPLE_ROWS.toLocaleString('en-US'));
    await page.getByTestId('item-count').evaluate((el) => el.closest('.card')?.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'table-item-count');
  });
});
