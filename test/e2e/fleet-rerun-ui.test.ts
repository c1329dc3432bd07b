import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/built-app';
import { scanAll } from '../support/table-reader';
import { startFleetWebMode, useSandboxAsEndpoint, type FleetWebMode } from './fleet-web-mode';
import { screenshot } from './screenshots';
import { waitForText } from './ui-wait';
import { onDemandTable } from './web-mode';

const TABLE = 'ttl_items';
const ITEMS = 300;
const PASSWORD = 'fleet-pw-7f3a';

/**
 * "Run again" of a fleet run in the panel (web mode), on a Redis that requires a password and
 * one `capstan worker`: the run was started from a terminal, so the panel holds no sign-in for
 * its queue. The review keeps the fleet, says in words that the password must be typed again,
 * refuses a Start without it in words, and runs with it; a second "Run again" of the same run
 * asks nothing, because the host now holds the sign-in for the session. The password never
 * shows in the page.
 */
describe('run again of a fleet run', () => {
  let app: FleetWebMode;
  let page: Page;

  beforeAll(async () => {
    app = await startFleetWebMode({
      name: 'fleet-rerun', tables: [onDemandTable(TABLE)], workers: 1, password: PASSWORD,
      beforeWorkers: async ({ client }) => {
        for (let start = 0; start < ITEMS; start += 25) {
          const items = Array.from({ length: 25 }, (_, k) => ({ PutRequest: { Item: { pk: { S: `item-${start + k}` }, created: { S: new Date(Date.UTC(2026, 0, 1) + (start + k) * 60_000).toISOString() } } } }));
          await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items } }));
        }
      },
    });
    page = app.page;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('asks for the password again, in words, only when the host does not hold it', async () => {
    // The first run: from a terminal, into the panel's data folder.
    const first = await runCli([
      'backfill', '--fleet', app.queue, '--endpoint', app.sandbox, '--table', TABLE, '--op', 'add-ttl', '--from', 'created', '--days', '30',
      '--segments', '4', '--rate', '2000', '--read-rate', '2000', '--data-dir', join(app.dir, 'data'),
    ]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).not.toContain(PASSWORD);
    const runId = /^Job (\S+) \(attach/m.exec(first.output)![1]!;
    await useSandboxAsEndpoint(page, app.sandbox);

    // Run again: the fleet is kept, and the password is asked for, saying why.
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-rerun-${runId}`).click();
    await page.getByTestId('review-run').waitFor();
    await waitForText(page.getByTestId('review-fleet-queue'), app.redis.url);
    await waitForText(page.getByTestId('review-fleet-ask'), 'keeps a queue\'s password in memory only', { contains: true });
    expect(await page.getByTestId('review-fleet-password').getAttribute('type')).toBe('password');
    expect(await page.getByTestId('review-fleet-held').count()).toBe(0);
    await screenshot(page, 'rerun-fleet-review');

    // Without the password Redis refuses, and the panel says so in words.
    await page.getByTestId('review-start').click();
    await waitForText(page.getByTestId('error-banner'), 'refused the credentials', { contains: true, timeoutMs: 30_000 });
    expect(await page.getByTestId('job-dashboard').count()).toBe(0);

    await page.getByTestId('review-fleet-password').fill(PASSWORD);
    await page.getByTestId('review-start').click();
    await page.getByTestId('job-dashboard').waitFor({ timeout: 60_000 });
    await page.getByTestId('fleet-card').waitFor({ timeout: 30_000 });
    await waitForText(page.getByTestId('job-state'), 'completed', { timeoutMs: 180_000 });

    // Run again once more: the host holds the sign-in for this session, so nothing is asked.
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`run-rerun-${runId}`).click();
    await page.getByTestId('review-run').waitFor();
    await waitForText(page.getByTestId('review-fleet-held'), 'nothing to type', { contains: true });
    expect(await page.getByTestId('review-fleet-password').count()).toBe(0);
    await page.getByTestId('review-start').click();
    await page.getByTestId('job-dashboard').waitFor({ timeout: 60_000 });
    await waitForText(page.getByTestId('job-state'), 'completed', { timeoutMs: 180_000 });
    expect(await page.content()).not.toContain(PASSWORD);

    const items = await scanAll(app.client, TABLE);
    expect(items).toHaveLength(ITEMS);
    for (const item of items) expect(Number(item.ttl?.N)).toBe(Math.floor(Date.parse(item.created!.S!) / 1000) + 30 * 86_400);
  }, 420_000);
});
