import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { JobReport } from '../../../shared/job-report';
import type { JobUpdate } from '../../../electron/engine/lifecycle/engine-job';
import { JobLifecycle, type JobCheckpoint } from '../../../electron/engine/lifecycle/job-lifecycle';
import { FakeWork, type FakeCheckpoint, type FakeFault, type FakeOptions } from './fake-work';

const spec = jobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'fake-table', source: { path: '/data' }, rate: { mode: 'fixed', wcuPerSecond: 100 } });
const FAST = { checkpointEveryMs: 20, gracefulStopMs: 300, failGraceMs: 300, checkpointMinGapMs: 5, tickMs: 50 };

describe('the job lifecycle, driven by fake shard executors', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-lifecycle-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function open(options: Partial<FakeOptions> & { fault: FakeFault }, updates: JobUpdate[] = []) {
    const full: FakeOptions = { shards: 3, itemsPerShard: 20, processed: [], ...options };
    const lifecycle = new JobLifecycle<FakeCheckpoint, { note: string }>(
      { id: 'fake-job', spec, directory: dir, target: { region: 'us-east-1', endpoint: null, auth: { kind: 'local' } } as never, workerScripts: {}, onUpdate: (u) => updates.push(u) },
      (hooks) => new FakeWork(full, hooks),
      FAST,
    );
    return { lifecycle, options: full, work: lifecycle.work as FakeWork };
  }

  const readReport = async () => JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JobReport;
  const readCheckpoint = async () => JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as JobCheckpoint<FakeCheckpoint>;

  it('runs every shard to done and completes with a balanced report', async () => {
    const { lifecycle, options } = open({ fault: 'none' });
    await lifecycle.run(false);
    expect(lifecycle.snapshot().state).toBe('completed');
    expect(options.processed).toHaveLength(60);
    expect(lifecycle.shardRecords().map((s) => s.state)).toEqual(['done', 'done', 'done']);
    const report = await readReport();
    expect(report.job.state).toBe('completed');
    expect(report.reconciliation).toMatchObject({ read: 60, written: 60, pending: 0 });
  });

  const failing: { fault: FakeFault; stage: string; name: string }[] = [
    { fault: 'prepare', stage: 'before the senders start (describing the table)', name: 'ResourceNotFoundException' },
    { fault: 'executor-start', stage: 'while the senders start', name: 'Error' },
    { fault: 'after-start', stage: 'after the senders started (job thread)', name: 'Error' },
    { fault: 'sender', stage: 'in a sender', name: 'WorkerCrashed' },
    { fault: 'source', stage: 'in the source', name: 'Error' },
    { fault: 'hangs-on-fail', stage: 'in a sender whose executor then hangs', name: 'WorkerCrashed' },
  ];
  for (const { fault, stage, name } of failing) {
    it(`an exception ${stage} ends the job failed, with its report, within 5 s`, async () => {
      const updates: JobUpdate[] = [];
      const { lifecycle } = open({ fault }, updates);
      const startedAt = Date.now();
      await lifecycle.run(false);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
      const snapshot = lifecycle.snapshot();
      expect(snapshot.state).toBe('failed');
      expect(snapshot.error?.name).toBe(name);
      const report = await readReport();
      expect(report.job.state).toBe('failed');
      expect(report.error?.name).toBe(name);
      expect(updates.some((u) => u.kind === 'log' && u.level === 'error')).toBe(true);
      if (fault !== 'prepare' && fault !== 'executor-start') {
        // The checkpoint is kept for a resume.
        expect((await readCheckpoint()).shards).toHaveLength(3);
      }
    });
  }

  it('a record the mapper cannot map is a rejected record, never a failure', async () => {
    const { lifecycle } = open({ fault: 'mapper' });
    await lifecycle.run(false);
    expect(lifecycle.snapshot().state).toBe('completed');
    expect(lifecycle.snapshot().totals).toMatchObject({ read: 60, written: 57, rejected: 3 });
  });

  it('stop is cooperative first; an executor that ignores it is terminated after the grace period', async () => {
    const updates: JobUpdate[] = [];
    const { lifecycle, work } = open({ fault: 'ignores-stop', itemsPerShard: 100_000, itemMs: 1 }, updates);
    const running = lifecycle.run(false);
    await waitFor(() => lifecycle.snapshot().totals.written > 10);
    const stoppedAt = Date.now();
    lifecycle.stop();
    expect(lifecycle.snapshot().state).toBe('stopping');
    await running;
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(FAST.gracefulStopMs - 20);
    expect(lifecycle.snapshot().state).toBe('stopped');
    expect(work.executor.terminateCalls).toBeGreaterThan(0);
    expect(updates.some((u) => u.kind === 'log' && /did not finish in time/.test(u.message))).toBe(true);
  });

  it('a cooperative stop needs no force', async () => {
    const updates: JobUpdate[] = [];
    const { lifecycle } = open({ fault: 'none', itemsPerShard: 100_000, itemMs: 1 }, updates);
    const running = lifecycle.run(false);
    await waitFor(() => lifecycle.snapshot().totals.written > 10);
    lifecycle.stop();
    await running;
    expect(lifecycle.snapshot().state).toBe('stopped');
    expect(updates.some((u) => u.kind === 'log' && /did not finish in time/.test(u.message))).toBe(false);
  });

  it('a shard checkpoint resumes exactly: every item once across a stop and a resume', async () => {
    const processed: string[] = [];
    const first = open({ fault: 'none', itemsPerShard: 400, itemMs: 1, processed });
    const running = first.lifecycle.run(false);
    await waitFor(() => first.lifecycle.snapshot().totals.written > 50);
    first.lifecycle.stop();
    await running;
    expect(first.lifecycle.snapshot().state).toBe('stopped');
    const saved = await readCheckpoint();
    expect(saved.shards.every((s) => s.state !== 'done')).toBe(true);
    expect(saved.shards.map((s) => s.checkpoint?.next ?? 0).reduce((a, b) => a + b, 0)).toBe(processed.length);

    const second = open({ fault: 'none', itemsPerShard: 400, itemMs: 0, processed });
    await second.lifecycle.run(true);
    expect(second.work.restoredWith).toEqual({ note: 'fake' });
    expect(second.lifecycle.snapshot().state).toBe('completed');
    expect(processed).toHaveLength(1_200);
    expect(new Set(processed).size).toBe(1_200);
    expect(second.lifecycle.snapshot().totals).toMatchObject({ read: 1_200, written: 1_200 });
  });

  it('a resume runs only the shards that are not done', async () => {
    const processed: string[] = [];
    const first = open({ fault: 'none', shards: 2, itemsPerShard: 5, processed });
    await first.lifecycle.run(false);
    const checkpoint = await readCheckpoint();
    checkpoint.shards[1]!.state = 'running';
    checkpoint.shards[1]!.checkpoint = { next: 3 };
    await (await import('node:fs/promises')).writeFile(join(dir, 'checkpoint.json'), JSON.stringify(checkpoint));
    processed.length = 0;
    const second = open({ fault: 'none', shards: 2, itemsPerShard: 5, processed });
    await second.lifecycle.run(true);
    expect(processed).toEqual(['s1:3', 's1:4']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
