import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetBudget, type FleetControl } from '../../../electron/engine/fleet/fleet-budget';
import type { JobReport } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { localClient, waitFor } from '../../support/table-reader';
import { startFleetWorld, type FleetWorld } from './fleet-harness';
import { FleetProbe } from './fleet-probe';

const ITEMS = 1500;
const DAY_S = 86_400;

/** HH:MM in UTC, `hours` from now. */
function utcClock(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

// A fleet backfill's write mode is decided by the coordinator for every worker, as a fleet
// load's is: `capstan backfill --fleet --rate-mode windows` with a window hours away holds the
// whole fleet (workers hold shards, nothing is written); a rate typed into the coordinator
// switches it to fixed, the fleet resumes and the backfill ends exact. A fleet copy with a mode
// the coordinator cannot steer is refused at start, in words.
describe('capstan backfill --fleet with a rate mode', () => {
  let world: FleetWorld;

  beforeAll(async () => {
    world = await startFleetWorld({ objects: 1, rowsPerObject: 10, workers: 2, watch: true });
    await world.makeTable('ttl_windows');
    const client = localClient(world.sandbox.url);
    for (let start = 0; start < ITEMS; start += 25) {
      const items = Array.from({ length: Math.min(25, ITEMS - start) }, (_, k) => ({
        PutRequest: { Item: { pk: { S: `item-${start + k}` }, created: { S: new Date(Date.UTC(2026, 0, 1) + (start + k) * 60_000).toISOString() } } },
      }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { ttl_windows: items } }));
    }
    client.destroy();
  }, 180_000);
  afterAll(async () => {
    await world?.close();
  });

  it('a closed window holds the fleet with nothing written; a typed rate makes it fixed and it ends exact', async () => {
    const reportPath = join(world.dir, 'windows.json');
    const cli = world.coordinate([
      'backfill', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', 'ttl_windows', '--op', 'add-ttl', '--from', 'created', '--days', '30',
      '--segments', '16', '--read-rate', '3000', '--rate-mode', 'windows', '--window', `${utcClock(3)}-${utcClock(4)}`, '--time-zone', 'UTC', '--rate', '900',
      '--data-dir', join(world.dir, 'data'), '--report', reportPath,
    ], { stdin: 'pipe' });
    const jobId = (await cli.waitForLine(/^Job (\S+) \(attach/, 60_000))[1]!;
    const budget = new FleetBudget(world.watch!, jobId);
    const control = (ok: (c: FleetControl) => boolean, what: string) => waitFor(async () => {
      const c = await budget.read();
      return c && ok(c) ? c : null;
    }, 20_000, what, 50);
    const held = await control((c) => c.state === 'paused', 'the fleet held by the window');
    expect(held.pausedBy).toBe('window');
    expect(held.pauseReason).toMatch(/^windows: paused outside/);
    expect(held.mode).toMatch(/^only inside/);
    await cli.waitForLine(/^Keys: p pause, r resume/);
    // Both workers take shards and get no capacity: nothing written while the window is closed.
    const probe = new FleetProbe(world.watch!, jobId);
    await waitFor(async () => (await probe.workers()).filter((w) => w.shardsRunning.some((s) => s.startsWith(`${jobId}/`))).length >= 2, 60_000, 'both workers holding shards', 100);
    expect((await world.tableItems('ttl_windows')).filter((i) => i.ttl !== undefined)).toHaveLength(0);

    // A rate typed at the coordinator: fixed at 3,000 WCU/s, the fleet resumes (as a load's does).
    cli.child.stdin!.write('rate 3000\n');
    const fixed = await control((c) => c.state === 'running' && c.rates.write.operatorRate === 3000, 'the fleet running at a fixed 3,000 WCU/s');
    expect(fixed.mode).toBe('fixed at 3,000 WCU/s');
    expect(fixed.rateMode).toEqual({ mode: 'fixed', wcuPerSecond: 3000 });
    expect(await cli.exited, cli.output.join('\n')).toBe(0);

    const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, pending: 0, balanced: true });
    expect((report.actions ?? []).map((a) => `${a.by}: ${a.words}`)).toContain('operator: Rate mode: fixed at 3,000 WCU/s');
    const items = await world.tableItems('ttl_windows');
    expect(items).toHaveLength(ITEMS);
    for (const item of items) expect(Number(item.ttl?.N), item.pk!.S).toBe(Math.floor(Date.parse(item.created!.S!) / 1000) + 30 * DAY_S);
  }, 240_000);

  it('refuses a fleet copy in fill mode at start, in words, with nothing queued', async () => {
    const run = await runCli([
      'backfill', '--fleet', world.redis.url, '--endpoint', world.sandbox.url, '--table', 'ttl_windows', '--op', 'copy', '--target-table', 'copy_target',
      '--rate-mode', 'fill', '--share', '0.5', '--data-dir', join(world.dir, 'data'),
    ]);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('A fleet copy runs at a fixed write rate: the coordinator does not watch the target table copy_target that the fill rate mode needs');
  }, 60_000);
});
