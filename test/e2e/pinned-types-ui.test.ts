import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from '../support/built-app';
import { localClient, scanAll } from '../support/table-reader';
import { launchChromium } from './browser';
import { waitForText, waitForValue } from './ui-wait';

const ROWS = 200;

/**
 * The type the wizard's preview shows is the type the job writes: a file whose first 20
 * rows look numeric and whose row 150 does not. The preview says N, the saved spec pins
 * N, and the job rejects row 150 with the reason instead of storing it as text.
 */
describe('column types from the wizard preview to the job (web mode)', () => {
  let dir: string;
  let web: CliProcess;
  let browser: Browser;
  let page: Page;
  let sandbox: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-e2e-types-'));
    const rows = Array.from({ length: ROWS }, (_, i) => `r${i + 1},${i === 149 ? 'n/a' : `${i + 1}.5`},note ${i + 1}`);
    await writeFile(join(dir, 'amounts.csv'), `id,amount,note\n${rows.join('\n')}\n`);
    web = startCli(['web', '--port', '0', '--data-dir', join(dir, 'data'), '--allow-dir', dir]);
    sandbox = (await web.waitForLine(/Sandbox: (http:\/\/\S+)/))[1]!;
    const url = (await web.waitForLine(/open (http:\/\/\S+)/))[1]!;
    await localClient(sandbox).send(new CreateTableCommand({
      TableName: 'amounts', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }));
    await waitUntilTableExists({ client: localClient(sandbox), maxWaitTime: 60, minDelay: 0.2, maxDelay: 1 }, { TableName: 'amounts' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true })).newPage();
    await page.goto(url);
    await page.getByTestId('app-ready').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    web?.child.kill('SIGTERM');
    await web?.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('the preview says N, the spec pins N, and the job rejects row 150 instead of storing text', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(dir, 'amounts.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'amount', { contains: true });
    await waitForText(page.getByTestId('column-type-amount').locator('option').first(), 'N (inferred)');
    await page.getByTestId('target-table').selectOption('amounts');
    await waitForValue(page.getByTestId('target-table'), 'amounts');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-spec').click()]);
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8')) as { mapping: { columnTypes?: Record<string, string> } };
    expect(saved.mapping.columnTypes).toEqual({ amount: 'N', note: 'S' });

    await page.getByTestId('start-load').click();
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor();
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await waitForText(page.getByTestId('reconciliation'), `read ${ROWS} = written ${ROWS - 1} + rejected 1 + pending 0`, { contains: true });
    const items = await scanAll(localClient(sandbox), 'amounts');
    expect(items).toHaveLength(ROWS - 1);
    for (const item of items) expect(item.amount?.N, JSON.stringify(item)).toBe(`${item.id!.S!.slice(1)}.5`);
  });
});
