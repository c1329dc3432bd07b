import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/built-app';
import { scanAll, waitFor } from '../support/table-reader';
import { startFleetWebMode, useSandboxAsEndpoint, type FleetWebMode } from './fleet-web-mode';
import { screenshot, SCREENSHOTS } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable } from './web-mode';

const TABLE = 'events';
const ROWS = 12_000;
/** Low enough that the job runs for about a minute (both workers finish shards, and the pause lands mid-job), high enough for steady items/s. */
const WCU_PER_SECOND = 200;

/** The figures of one row of the fleet table. */
interface WorkerRow {
  host: string;
  shardsDone: number;
  heartbeat: string;
}

async function workerRows(page: Page): Promise<WorkerRow[]> {
  return page.getByTestId('fleet-worker').evaluateAll((rows) => rows.map((row) => ({
    host: (row.querySelector('.host')?.textContent ?? '').trim(),
    shardsDone: Number((row.querySelector('[data-testid="worker-shards-done"]')?.textContent ?? '').replace(/[^\d]/g, '')),
    heartbeat: (row.querySelector('[data-testid="worker-heartbeat"]')?.textContent ?? '').trim(),
  })));
}

/**
 * The fleet in the panel, in web mode: the wizards' "Run on" choice (validated in words,
 * disabled where workers could not read the source or reach the table, the password
 * masked and kept out of the spec); then a backfill started from the wizard on a real
 * Redis and two `capstan worker` processes, watched on the dashboard's fleet table,
 * paused, and finished exact.
 */
describe('the fleet in the panel', () => {
  let app: FleetWebMode;
  let page: Page;

  beforeAll(async () => {
    app = await startFleetWebMode({
      name: 'fleet', samples: { 'events.csv': ROWS }, tables: [onDemandTable(TABLE)], workers: 2,
      beforeWorkers: async ({ sandbox, dir }) => {
        const load = await runCli(['load', '--endpoint', sandbox, '--table', TABLE, '--source', join(dir, 'events.csv'), '--key', 'pk=EV#{customer_id}', '--rate', '4000', '--data-dir', join(dir, 'cli-data')]);
        expect(load.code, load.output).toBe(0);
      },
    });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('offers "Run on: a fleet" only where workers can reach the data, and checks the queue URL in words', async () => {
    // On the built-in sandbox the fleet option is disabled, and says why.
    await page.getByTestId('nav-load').click();
    await page.getByTestId('load-wizard').waitFor();
    await expect(page.getByTestId('run-on-fleet').isDisabled()).resolves.toBe(true);
    await waitForText(page.getByTestId('run-on-fleet-disabled'), 'built-in sandbox', { contains: true });

    await useSandboxAsEndpoint(page, app.sandbox);
    await page.getByTestId('nav-load').click();
    await page.getByTestId('load-wizard').waitFor();
    // A file on this machine: workers elsewhere cannot read it.
    await page.getByTestId('source-path').fill(join(app.dir, 'events.csv'));
    await expect(page.getByTestId('run-on-fleet').isDisabled()).resolves.toBe(true);
    await waitForText(page.getByTestId('run-on-fleet-disabled'), "cannot read this machine's files", { contains: true });
    // An S3 source: the fleet can run it.
    await page.getByTestId('source-path').fill('s3://unload/2026-12/');
    await page.getByTestId('run-on-fleet').check();
    await page.getByTestId('fleet-queue-url').fill('http://cache:6379');
    await waitForText(page.getByTestId('fleet-queue-problem'), 'must start with redis:// or rediss://', { contains: true });
    await page.getByTestId('fleet-queue-url').fill('redis://cache:6379/jobs');
    await waitForText(page.getByTestId('fleet-queue-problem'), 'database number', { contains: true });
    // A password typed into the URL moves to the masked field.
    await page.getByTestId('fleet-queue-url').fill('rediss://capstan:s3cret@my-cache.abc123.use1.cache.amazonaws.com:6379');
    await waitForValue(page.getByTestId('fleet-queue-url'), 'rediss://capstan@my-cache.abc123.use1.cache.amazonaws.com:6379');
    await waitForValue(page.getByTestId('fleet-queue-password'), 's3cret');
    expect(await page.getByTestId('fleet-queue-password').getAttribute('type')).toBe('password');
    expect(await page.getByTestId('fleet-queue-problem').count()).toBe(0);
    const card = page.getByTestId('run-on').locator('xpath=ancestor::section[1]');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SCREENSHOTS, 'wizard-run-on.png') });

    // The backfill wizard has the same choice (a backfill reads the table, so only the connection matters).
    await page.getByTestId('nav-backfill').click();
    await page.getByTestId('backfill-wizard').waitFor();
    await page.getByTestId('run-on-fleet').check();
    await page.getByTestId('fleet-queue-url').fill('cache:6379');
    await waitForText(page.getByTestId('fleet-queue-problem'), 'redis://', { contains: true });
    await waitForText(page.getByTestId('bf-start-blocked'), /./);
  });

  it('runs a backfill from the wizard on two workers, shows both in the fleet table, and pauses them', async () => {
    await page.getByTestId('nav-backfill').click();
    await page.getByTestId('backfill-wizard').waitFor();
    await waitFor(async () => (await page.getByTestId('bf-table').locator(`option[value="${TABLE}"]`).count()) > 0, 15_000, 'the table in the list');
    await page.getByTestId('bf-table').selectOption(TABLE);
    await page.getByTestId('bf-op-add-ttl').click();
    await page.getByTestId('bf-fromAttribute').fill('acquisition_date');
    await page.getByTestId('bf-addDays').fill('90');
    await page.getByTestId('bf-segments').fill('32');
    await page.getByTestId('bf-rcu').fill('2000');
    await page.getByTestId('bf-wcu').fill(String(WCU_PER_SECOND));
    await page.getByTestId('run-on-fleet').check();
    // The password goes beside the spec; this server has none, so the field stays empty.
    await page.getByTestId('fleet-queue-url').fill(app.redis.url);
    await waitForText(page.getByTestId('fleet-queue-loopback'), 'only workers started here', { contains: true });
    await page.getByTestId('bf-start').click();
    await page.getByTestId('job-dashboard').waitFor({ timeout: 60_000 });
    const card = page.getByTestId('fleet-card');
    await card.waitFor({ timeout: 30_000 });
    await waitForText(page.getByTestId('fleet-queue'), app.redis.url);

    // Both workers appear, each with shards done, and fresh heartbeats.
    let rows: WorkerRow[] = [];
    await waitFor(async () => {
      rows = await workerRows(page);
      return rows.length === 2 && rows.every((r) => r.shardsDone > 0);
    }, 90_000, 'two workers with shards done in the fleet table');
    expect(rows.every((r) => / s ago$/.test(r.heartbeat))).toBe(true);
    await waitForText(page.getByTestId('fleet-write-rate'), `${WCU_PER_SECOND} WCU/s`, { contains: true });
    // Items per second come from the workers' heartbeats; the picture waits for a second with writes in it.
    await waitFor(async () => Number(((await page.getByTestId('fleet-items-per-second').textContent()) ?? '0').replace(/[^\d]/g, '')) > 0, 30_000, 'the fleet writing');
    await screenshot(page, 'fleet-dashboard');

    // Pause: the fleet's state in Redis (read back by the coordinator) and the job's both say so.
    await page.getByTestId('pause-job').click();
    await waitForText(page.getByTestId('fleet-state'), 'paused', { timeoutMs: 30_000 });
    await waitForText(page.getByTestId('job-state'), 'paused');
    await waitForText(page.getByTestId('fleet-write-rate'), 'paused: no worker gets capacity', { contains: true });
    await screenshot(page, 'fleet-dashboard-paused');
    await page.getByTestId('resume-job').click();
    await waitForText(page.getByTestId('job-state'), 'completed', { timeoutMs: 180_000 });
    // Exact: every item got its TTL, once.
    const items = await scanAll(app.client, TABLE);
    expect(items.length).toBe(ROWS);
    expect(items.filter((i) => i.ttl !== undefined).length).toBe(ROWS);
  });
});
