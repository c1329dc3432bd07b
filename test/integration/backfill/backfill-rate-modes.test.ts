import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackfillJob } from '../../../electron/engine/backfill/backfill-job';
import type { JobUpdate } from '../../../electron/engine/lifecycle/engine-job';
import type { LifecycleJob } from '../../../electron/engine/lifecycle/lifecycle-job';
import { createManualClock, type ManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { backfillJobSpecSchema, type BackfillJobSpecInput } from '../../../shared/backfill-spec';
import type { JobTick } from '../../../shared/job-status';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { localClient, scanAll, waitFor } from '../../support/table-reader';
import { addTtlSpec, createFixtureTable, fixtureItemsLackingTtl, populate, wrongTtls } from './backfill-fixtures';

const MINUTE = 60_000;

/**
 * A backfill's write rate follows its rate mode, as a load's does (one lifecycle, one
 * RateControl). Real parts: the sandbox over HTTP with its organic traffic and CloudWatch,
 * the backfill's own scan and write workers. Time is the sandbox's manual clock, which the
 * job reads too; a pump moves it at about the wall clock's pace, and a test jumps it to a
 * window's edge instead of waiting hours.
 */
describe('backfill rate modes against the sandbox', () => {
  let sandbox: SandboxHandle;
  let clock: ManualClock;
  let dir: string;
  let pump: NodeJS.Timeout | null = null;
  const jobs: LifecycleJob[] = [];

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-backfill-modes-'));
  });
  afterEach(async () => {
    for (const job of jobs.splice(0)) {
      job.stop();
      await waitFor(() => ['completed', 'failed', 'stopped'].includes(job.snapshot().state), 30_000, 'the job to end');
    }
    if (pump) clearInterval(pump);
    pump = null;
    await sandbox?.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A sandbox on a manual clock starting at `startMs`, the clock moved 100 ms every 100 ms. */
  async function sandboxAt(startMs: number): Promise<void> {
    clock = createManualClock(startMs);
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock });
    pump = setInterval(() => sandbox.admin.advance(100), 100);
  }

  /** A backfill job on the sandbox's clock, its ticks collected. */
  async function startJob(name: string, input: Partial<BackfillJobSpecInput>, table: string): Promise<{ job: LifecycleJob; ticks: JobTick[]; done: Promise<void> }> {
    const ticks: JobTick[] = [];
    const directory = await mkdtemp(join(dir, `${name}-`));
    const job = createBackfillJob({
      id: `${name}-${Date.now()}`, directory, spec: backfillJobSpecSchema.parse(addTtlSpec(sandbox.url, table, input)),
      target: { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } }, workerScripts: WORKER_SCRIPTS,
      now: () => clock.now(),
      onUpdate: (update: JobUpdate) => {
        if (update.kind === 'tick') ticks.push(update.tick);
      },
    });
    jobs.push(job);
    return { job, ticks, done: job.run(false) };
  }

  it('share-of-organic: writes at its share of what the application writes, and a mode switched while running takes over', async () => {
    await sandboxAt(Date.UTC(2025, 0, 6, 12, 0, 0));
    const client = localClient(sandbox.url);
    const items = 6_000;
    await createFixtureTable(client, 'live', { wcu: 3_000, rcu: 6_000 });
    await populate(client, 'live', items);
    // The application writes 500 WCU/s and has for 4 minutes: CloudWatch knows it before the job starts.
    sandbox.admin.setOrganic('live', { writeUnitsPerSecond: 500 });
    sandbox.admin.advance(4 * MINUTE);

    const { job, ticks, done } = await startJob('organic', { rate: { mode: 'share-of-organic', share: 0.2, rcuPerSecond: 3_000 }, scan: { segments: 64, workers: 1 } }, 'live');
    await waitFor(() => job.snapshot().capacity?.decision?.reason.startsWith('share of organic: 20.0% x organic') === true, 30_000, 'a decision from CloudWatch');
    const decided = job.snapshot().capacity!.decision!;
    expect(decided.rateWcuPerSecond).toBeGreaterThan(90);
    expect(decided.rateWcuPerSecond).toBeLessThan(110);
    // Fifteen seconds of the job's own consumed capacity once the decision stands (the first second after it may carry the start;
    // a page's writes are counted when its last one is back, so single seconds swing).
    const from = ticks.length + 1;
    await waitFor(() => ticks.length >= from + 15, 40_000, 'fifteen more ticks');
    const wcuPerSecond = rateOver(ticks, from, 15);
    expect(Math.abs(wcuPerSecond / 100 - 1), `held ${wcuPerSecond.toFixed(1)} WCU/s, asked 20% of 500`).toBeLessThanOrEqual(0.15);
    expect(job.snapshot().totals.written).toBeLessThan(items / 2);
    const snapshot = job.snapshot();
    expect(snapshot.kind === 'backfill' && snapshot.rateMode).toEqual({ mode: 'share-of-organic', share: 0.2 });
    expect(snapshot.kind === 'backfill' && snapshot.readRateRcuPerSecond).toBe(3_000);

    // The dashboard's action: switch to a fixed 2,000 WCU/s; the rest goes at that rate.
    job.setMode({ mode: 'fixed', wcuPerSecond: 2_000 });
    expect(job.snapshot().rateWcuPerSecond).toBe(2_000);
    const switched = { written: job.snapshot().totals.written, atMs: clock.now() };
    await done;
    // The rest went at the fixed rate, far above the share's 100 WCU/s (items of under 1 KB: a write is 1 WCU).
    const end = job.snapshot();
    const afterRate = (end.totals.written - switched.written) / ((end.endedAtMs! - switched.atMs) / 1000);
    expect(afterRate, `after the switch: ${afterRate.toFixed(0)} items/s`).toBeGreaterThan(500);
    const report = job.finalReport()!;
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: items, written: fixtureItemsLackingTtl(items), pending: 0, balanced: true });
    expect((report.actions ?? []).map((a) => a.words)).toContain('Rate mode: fixed at 2,000 WCU/s');
    expect(wrongTtls(await scanAll(client, 'live'), 30)).toEqual([]);
    client.destroy();
  }, 180_000);

  it('windows: holds outside 22:00-22:01 UTC, runs inside at its rate, holds again when it closes; fixed mode then finishes it', async () => {
    await sandboxAt(Date.UTC(2025, 0, 6, 21, 58, 0));
    const client = localClient(sandbox.url);
    const items = 4_000;
    await createFixtureTable(client, 'nightly', { wcu: 2_000, rcu: 4_000 });
    await populate(client, 'nightly', items);
    const windows = { mode: 'windows' as const, windows: [{ start: '22:00', end: '22:01' }], timeZone: 'UTC', inside: { kind: 'rate' as const, wcuPerSecond: 50 } };
    const { job, ticks, done } = await startJob('windows', { rate: { ...windows, rcuPerSecond: 2_000 }, scan: { segments: 64, workers: 1 } }, 'nightly');

    await waitFor(() => job.snapshot().state === 'paused', 30_000, 'the closed window to hold the job');
    expect(job.snapshot().pausedBy).toBe('window');
    expect(job.snapshot().pauseReason).toMatch(/^windows: paused outside 22:00-22:01 UTC/);
    const closed = ticks.length;
    await waitFor(() => ticks.length >= closed + 3, 15_000, 'three ticks while closed');
    expect(job.snapshot().totals.written).toBe(0);
    expect(job.snapshot().totals.read).toBe(0);

    // To a second before the window opens: the job resumes on its own when it does.
    clock.set(Date.UTC(2025, 0, 6, 21, 59, 59));
    await waitFor(() => job.snapshot().state === 'running', 15_000, 'the window to open');
    expect(clock.now()).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 6, 22, 0, 0));
    // Fifteen seconds of writes once they flow (the scan reads its first pages first). A page's writes are counted when its
    // last one is back, so single seconds swing between 0 and twice the rate; fifteen of them average within a page or two.
    const opened = ticks.length;
    const flowing = await waitFor(() => { const i = ticks.findIndex((t, n) => n >= opened && t.consumedWcu > 0); return i >= 0 ? i + 1 : null; }, 20_000, 'the first writes inside the window');
    await waitFor(() => ticks.length >= flowing + 15, 40_000, 'fifteen ticks of writes inside the window');
    const insideRate = rateOver(ticks, flowing, 15);
    expect(Math.abs(insideRate / 50 - 1), `inside: ${insideRate.toFixed(1)} WCU/s`).toBeLessThanOrEqual(0.2);

    // Past the window's end: held again, and nothing more is written once the requests in flight are back.
    clock.set(Date.UTC(2025, 0, 6, 22, 1, 0));
    await waitFor(() => job.snapshot().state === 'paused', 15_000, 'the window to close');
    expect(job.snapshot().pausedBy).toBe('window');
    const heldFrom = ticks.length + 2;
    await waitFor(() => ticks.length >= heldFrom + 3, 15_000, 'three ticks after the close');
    expect(ticks.slice(heldFrom, heldFrom + 3).map((t) => t.consumedWcu)).toEqual([0, 0, 0]);
    const writtenInside = job.snapshot().totals.written;
    expect(writtenInside).toBeGreaterThan(0);
    expect(writtenInside).toBeLessThan(fixtureItemsLackingTtl(items));

    // Switched to fixed while the window holds it: it resumes at once and finishes.
    job.setMode({ mode: 'fixed', wcuPerSecond: 1_500 });
    await done;
    const report = job.finalReport()!;
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: items, written: fixtureItemsLackingTtl(items), pending: 0, balanced: true });
    const words = (report.actions ?? []).map((a) => `${a.by}: ${a.words}`);
    expect(words.filter((w) => w.startsWith('window: Paused'))).toHaveLength(2);
    expect(words).toContain('window: Resumed: the time window opened');
    expect(words).toContain('operator: Rate mode: fixed at 1,500 WCU/s');
    expect(wrongTtls(await scanAll(client, 'nightly'), 30)).toEqual([]);
    client.destroy();
  }, 180_000);
});

/** The job's own WCU per second of the job's clock over `count` ticks from index `from` (the tick before it marks the start). */
function rateOver(ticks: JobTick[], from: number, count: number): number {
  const span = ticks.slice(from, from + count);
  const seconds = (span.at(-1)!.atMs - ticks[from - 1]!.atMs) / 1000;
  return span.reduce((sum, t) => sum + t.consumedWcu, 0) / seconds;
}
