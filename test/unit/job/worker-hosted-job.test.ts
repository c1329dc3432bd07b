import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobUpdate } from '../../../electron/engine/lifecycle/engine-job';
import { WorkerHostedJob } from '../../../electron/engine/job/worker-hosted-job';
import type { JobReport } from '../../../shared/job-report';
import { jobSpecSchema, type LoadJobSpec } from '../../../shared/job-spec';

/**
 * The proxy of a load job run in its own worker thread. The worker here is a stand-in
 * script that speaks the protocol (hosted-job-protocol.ts): it answers every command with
 * a log line naming it, so the test sees each call cross, and it can die on request.
 */
const STAND_IN = `
import { parentPort, workerData } from 'node:worker_threads';
const snapshot = (state, extra = {}) => ({
  kind: 'load', id: workerData.id, spec: workerData.spec, state, createdAtMs: 1, startedAtMs: 2, endedAtMs: state === 'completed' ? 3 : null,
  totals: { kind: 'load', read: 5, written: 5, rejected: 0, skipped: 0, duplicates: 0, retried: 0, throttled: 0, consumedWcu: 5, bytesRead: 0, bytesTotal: 0, recordsTotal: 5 },
  rateWcuPerSecond: 100, error: null, rejectsFile: null, cost: null, pauseReason: null, pausedBy: null,
  rateMode: workerData.spec.rate, capacity: null, ...extra,
});
const tick = { second: 1, atMs: 1000, read: 5, written: 5, rejected: 0, retried: 0, consumedWcu: 5, throttled: 0, throttlesByReason: {}, latencyP50Ms: 1, latencyP99Ms: 2, inFlight: 0, targetWcuPerSecond: 100 };
parentPort.on('message', (m) => {
  if (m.type === 'run') {
    parentPort.postMessage({ type: 'update', update: { kind: 'state' }, snapshot: snapshot('running'), ticks: [] });
    parentPort.postMessage({ type: 'update', update: { kind: 'tick', tick }, snapshot: snapshot('running') });
    if (workerData.spec.table === 'dies') throw new Error('out of memory (stand-in)');
    return;
  }
  parentPort.postMessage({ type: 'update', update: { kind: 'log', level: 'info', message: JSON.stringify(m) }, snapshot: snapshot('running') });
  if (m.type === 'stop') {
    const report = { format: 'capstan-report/1', job: { id: workerData.id, state: 'completed' } };
    parentPort.postMessage({ type: 'ended', snapshot: snapshot('completed'), report });
    parentPort.close();
  }
});
`;

describe('a load job hosted in its own worker thread', () => {
  let dir: string;
  let script: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-hosted-'));
    script = join(dir, 'stand-in-worker.mjs');
    await writeFile(script, STAND_IN);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const spec = (table: string): LoadJobSpec =>
    jobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table, source: { path: '/nowhere.csv' }, rate: { mode: 'fixed', wcuPerSecond: 100 } }) as LoadJobSpec;

  const open = (table: string, updates: JobUpdate[]) =>
    new WorkerHostedJob({
      id: 'load-test', spec: spec(table), directory: dir,
      target: { region: 'us-east-1', endpoint: 'http://127.0.0.1:1', auth: { kind: 'local' } } as never,
      workerScripts: { 'load-job-worker': script },
      onUpdate: (update) => updates.push(update),
    });

  it('forwards every steering call and keeps the snapshot, ticks and report the worker sends', async () => {
    const updates: JobUpdate[] = [];
    const job = open('fine', updates);
    expect(job.snapshot()).toMatchObject({ id: 'load-test', state: 'validating', rateWcuPerSecond: 100 });
    const finished = job.run(false);
    job.pause('why not');
    job.resume();
    job.setRate(250);
    job.setMode({ mode: 'fill', share: 0.5 } as never);
    job.setCostCeiling(12.5);
    job.stop();
    await finished;
    const logged = updates.filter((u) => u.kind === 'log').map((u) => JSON.parse((u as { message: string }).message) as { type: string });
    expect(logged).toEqual([
      { type: 'pause', reason: 'why not' },
      { type: 'resume' },
      { type: 'set-rate', wcuPerSecond: 250 },
      { type: 'set-mode', mode: { mode: 'fill', share: 0.5 } },
      { type: 'set-cost-ceiling', maxCostUsd: 12.5 },
      { type: 'stop' },
    ]);
    expect(job.snapshot().state).toBe('completed');
    expect(job.tickHistory()).toHaveLength(1);
    expect(job.finalReport()).toMatchObject({ job: { id: 'load-test', state: 'completed' } });
  });

  it('ends as failed, with a report on disk, when its worker dies', async () => {
    const updates: JobUpdate[] = [];
    const job = open('dies', updates);
    await job.run(false);
    expect(job.snapshot().state).toBe('failed');
    expect(job.snapshot().error).toMatchObject({ name: 'JobWorkerCrashed', message: expect.stringContaining('out of memory (stand-in)') });
    // What the worker sent before it died is kept: its totals and its tick.
    expect(job.snapshot().totals.written).toBe(5);
    expect(job.tickHistory()).toHaveLength(1);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JobReport;
    expect(report.job.state).toBe('failed');
    expect(report.error?.message).toContain('resume it to go on');
    expect(updates.at(-1)).toEqual({ kind: 'state' });
  });
});
