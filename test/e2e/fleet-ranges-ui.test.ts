import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../electron/engine/s3/s3-client';
import { scanAll, waitFor } from '../support/table-reader';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { screenshot, SCREENSHOTS } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { startFleetWebMode, useSandboxAsEndpoint, type FleetWebMode } from './fleet-web-mode';
import { onDemandTable } from './web-mode';
import { fleetPlanningRefusal, planningProgressWords } from '../../shared/fleet-status';

const TABLE = 'wide';
const ROWS = 50_000;
/** The object's bytes reach the coordinator at this rate while it plans, so its index pass lasts several seconds. */
const PLANNING_BYTES_PER_SECOND = 1024 * 1024;

/**
 * A fleet load of one big uncompressed object from the panel, in web mode: the wizard's
 * "Range shard size (MB)" field (checked in words, written into the spec as
 * fleet.rangeMb), then, while the coordinator's index pass reads the object (slowed by a
 * proxy in front of the sandbox so it lasts), the fleet card saying how far it is; the
 * object is cut into that many range shards and the table equals the source.
 */
describe('a big object on the fleet, from the panel', () => {
  let app: FleetWebMode;
  let page: Page;
  let proxy: TcpProxy;
  let s3: S3Client;

  beforeAll(async () => {
    app = await startFleetWebMode({ name: 'fleet-ranges', tables: [onDemandTable(TABLE)], workers: 1 });
    page = app.page;
    // Web mode's sandbox answers only to its own host name: the proxy says that name.
    proxy = await startTcpProxy(Number(new URL(app.sandbox).port), { rewriteHost: true });
    s3 = createS3Client({ region: 'us-east-1', endpoint: app.sandbox, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'warehouse' }));
    const rows = Array.from({ length: ROWS }, (_, i) => `ROW#${i},${i},${'x'.repeat(100)}`);
    const text = `pk,n,padding\n${rows.join('\n')}\n`;
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'big/wide.csv', Body: text }));
  });

  afterAll(async () => {
    s3?.destroy();
    await proxy?.close();
    await app?.close();
  });

  it('takes the range size in the wizard, shows the index pass on the fleet card, and loads the object exactly in range shards', async () => {
    // The sandbox through the proxy: the coordinator's reads of the object can be slowed while it plans.
    await useSandboxAsEndpoint(page, `http://127.0.0.1:${proxy.port}`);
    await fillFleetLoad(page, app.queue);
    // The range size: its default, a size the spec refuses (said in words, Start held), then 1 MB.
    await waitForValue(page.getByTestId('fleet-range-mb'), '64');
    await page.getByTestId('fleet-range-mb').fill('0');
    await waitForText(page.getByTestId('fleet-range-problem'), 'a number of megabytes above 0 (default 64), not "0"', { contains: true });
    expect(await page.getByTestId('start-load').isDisabled()).toBe(true);
    await page.getByTestId('fleet-range-mb').fill('1');
    expect(await page.getByTestId('fleet-range-problem').count()).toBe(0);
    const card = page.getByTestId('run-on').locator('xpath=ancestor::section[1]');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SCREENSHOTS, 'wizard-run-on-range.png') });

    proxy.throttle(PLANNING_BYTES_PER_SECOND);
    await waitFor(async () => !(await page.getByTestId('start-load').isDisabled()), 30_000, 'Start enabled');
    await page.getByTestId('start-load').click();
    const planning = page.getByTestId('fleet-planning');
    await planning.waitFor({ timeout: 60_000 });
    await waitForText(page.getByTestId('job-state'), 'validating', { contains: true });
    // How far the index pass is, in words and a bar, moving while it reads.
    const words = await waitFor(async () => {
      const text = (await planning.textContent()) ?? '';
      const share = Number(/: (\d+)% of/.exec(text)?.[1] ?? '0');
      return share >= 15 && share < 100 ? text : null;
    }, 60_000, 'the index pass past 15%');
    expect(words).toMatch(/Finding record boundaries in s3:\/\/warehouse\/big\/wide\.csv: \d+% of [\d.,]+ MB/);
    // The progress card says the coordinator plans (no byte total is known yet), not "0 B of 0 B read".
    await waitForText(page.getByTestId('progress-caption'), planningProgressWords({ object: 's3://warehouse/big/wide.csv', bytesRead: 0, bytesTotal: 0 }));
    // Pause, the rate, the mode and the ceiling wait for the shards: held, each saying why; Stop stays.
    expect(await page.getByTestId('pause-job').isDisabled()).toBe(true);
    expect(await page.getByTestId('pause-job').getAttribute('title')).toBe(fleetPlanningRefusal('Pausing'));
    expect(await page.getByTestId('apply-rate').isDisabled()).toBe(true);
    expect(await page.getByTestId('rate-number').isDisabled()).toBe(true);
    expect(await page.getByTestId('rate-slider').isDisabled()).toBe(true);
    expect(await page.getByTestId('rate-blocked-reason').textContent()).toBe(fleetPlanningRefusal('A rate change'));
    expect(await page.getByTestId('mode-change').getAttribute('title')).toBe(fleetPlanningRefusal('A rate mode change'));
    expect(await page.getByTestId('apply-cost-ceiling').getAttribute('title')).toBe(fleetPlanningRefusal('A cost ceiling change'));
    expect(await page.getByTestId('stop-job').isDisabled()).toBe(false);
    // Asked anyway over web mode's own connection, the server refuses in the same words.
    const jobId = (await page.getByTestId('job-dashboard').getAttribute('data-job-id'))!;
    expect(await commandOverSocket(page, 'pauseJob', { jobId })).toEqual({ ok: false, error: { name: 'Error', message: fleetPlanningRefusal('Pausing') } });
    expect(await commandOverSocket(page, 'setJobRate', { jobId, wcuPerSecond: 100 })).toEqual({ ok: false, error: { name: 'Error', message: fleetPlanningRefusal('A rate change') } });
    await screenshot(page, 'fleet-planning');
    proxy.throttle(null);

    await waitForText(page.getByTestId('job-state'), 'completed', { timeoutMs: 180_000 });
    // Once queued, the caption counts the object's bytes (the shards' total).
    await waitForText(page.getByTestId('progress-caption'), /records settled · [\d.,]+ MB of [\d.,]+ MB read$/);
    expect(await page.getByTestId('fleet-planning').count()).toBe(0);
    // The index pass's cut: a range ends at the first record at or past 1 MB after its start.
    let expectedShards = 1;
    for (let offset = 'pk,n,padding\n'.length, next = 1024 * 1024, i = 0; i < ROWS; i++) {
      if (offset >= next) {
        expectedShards++;
        next = offset + 1024 * 1024;
      }
      offset += `ROW#${i},${i},${'x'.repeat(100)}`.length + 1;
    }
    expect(expectedShards).toBeGreaterThanOrEqual(5);
    await waitForText(page.getByTestId('fleet-shards'), `${expectedShards} done`, { contains: true });
    const items = await scanAll(app.client, TABLE);
    expect(items.map((i) => i.pk!.S!).sort()).toEqual(Array.from({ length: ROWS }, (_, i) => `ROW#${i}`).sort());
  });

  it('Stop during the index pass: the job ends stopped with nothing loaded, says so, and History keeps it with its report', async () => {
    const before = (await scanAll(app.client, TABLE)).length;
    await fillFleetLoad(page, app.queue);
    await page.getByTestId('fleet-range-mb').fill('1');
    // The table holds the first test's items: the operator chooses what happens to them.
    await page.getByTestId('write-mode-replace').check();
    proxy.throttle(PLANNING_BYTES_PER_SECOND);
    await waitFor(async () => !(await page.getByTestId('start-load').isDisabled()), 30_000, 'Start enabled').catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}; Start says: ${await page.getByTestId('start-load').getAttribute('title')}`);
    });
    await page.getByTestId('start-load').click();
    await waitForText(page.getByTestId('fleet-planning'), /: [1-9]\d*% of/, { timeoutMs: 60_000 });
    const jobId = (await page.getByTestId('job-dashboard').getAttribute('data-job-id'))!;
    await page.getByTestId('stop-job').click();
    await page.getByTestId('confirm-ok').click();
    await waitForText(page.getByTestId('job-state'), 'stopped', { contains: true, timeoutMs: 30_000 });
    proxy.throttle(null);
    // The dashboard: no planning left, nothing read (no "0 B of 0 B"), and the log line that says where the pass was.
    expect(await page.getByTestId('fleet-planning').count()).toBe(0);
    await waitForText(page.getByTestId('progress-caption'), '0 of an unknown number of records settled · nothing was read');
    await waitForText(page.getByTestId('job-log'), /Stopped during planning: the coordinator's index pass over s3:\/\/warehouse\/big\/wide\.csv had read [\d.,]+ (KB|MB) of [\d.,]+ MB; no shard was queued and nothing was loaded/, { contains: true });
    expect((await scanAll(app.client, TABLE)).length).toBe(before);

    // History keeps it as a stopped run; its stored view shows the report's note; it can be run again.
    await page.getByTestId('nav-history').click();
    const row = page.getByTestId(`run-row-${jobId}`);
    await waitForText(row, 'stopped', { contains: true });
    await page.getByTestId(`run-open-${jobId}`).click();
    await waitForText(page.getByTestId('run-report-statement'), /read 0 = written 0 \+ rejected 0 \+ pending 0.* · Stopped during planning: .*nothing was loaded/, { contains: true });
    expect(await page.getByTestId(`run-rerun-${jobId}`).isDisabled()).toBe(false);
    await screenshot(page, 'fleet-planning-stopped');
  }, 240_000);
});

/** The load wizard filled for the big object on the fleet (source, table, rate, queue), range size left as it is. */
async function fillFleetLoad(page: Page, queue: string): Promise<void> {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('load-wizard').waitFor();
    await page.getByTestId('source-kind-s3').click();
    await waitForText(page.getByTestId('s3-bucket').locator('option').nth(1), 'warehouse').catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}; the picker says: ${await page.getByTestId('s3-picker').textContent()}`);
    });
    await page.getByTestId('s3-bucket').selectOption('warehouse');
    await page.getByTestId('s3-prefix').fill('big/');
    await page.getByTestId('s3-glob').fill('wide.csv');
    await waitForText(page.getByTestId('s3-url'), 's3://warehouse/big/wide.csv');
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'padding', { contains: true });
    await page.getByTestId('target-table').selectOption(TABLE);
    await waitForValue(page.getByTestId('target-table'), TABLE);
    await page.getByTestId('rate-input').fill('5000');
    await page.getByTestId('run-on-fleet').check();
    await page.getByTestId('fleet-queue-url').fill(queue);
}

/** Sends one command to web mode's server over a socket of its own (as the page's client does) and returns its raw result. */
async function commandOverSocket(page: Page, command: string, payload: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(async ({ command, payload }) => {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    const ws = new WebSocket(`ws://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
    const result = await new Promise((resolve) => {
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as { id?: number; result?: unknown };
        if (data.id === 1) resolve(data.result);
      };
      ws.send(JSON.stringify({ id: 1, command, payload }));
    });
    ws.close();
    return result;
  }, { command, payload });
}
