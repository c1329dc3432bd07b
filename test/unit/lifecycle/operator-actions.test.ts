import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobSpecSchema } from '../../../shared/job-spec';
import type { JobReport } from '../../../shared/job-report';
import { JobLifecycle, type JobCheckpoint } from '../../../electron/engine/lifecycle/job-lifecycle';
import { FakeWork, type FakeCheckpoint } from './fake-work';

const spec = jobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'fake-table', source: { path: '/data' }, rate: { mode: 'fixed', wcuPerSecond: 100 } });
const FAST = { checkpointEveryMs: 20, gracefulStopMs: 300, failGraceMs: 300, checkpointMinGapMs: 5, tickMs: 50 };

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('operator actions recorded by the lifecycle', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-actions-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = () =>
    new JobLifecycle<FakeCheckpoint, { note: string }>(
      { id: 'fake-job', spec, directory: dir, target: { region: 'us-east-1', endpoint: null, auth: { kind: 'local' } } as never, workerScripts: {}, onUpdate: () => undefined },
      (hooks) => new FakeWork({ shards: 2, itemsPerShard: 40, fault: 'none', itemMs: 5, processed: [] }, hooks),
      FAST,
    );

  it('pause, resume, rate, ceiling and stop land in the report in order, with times, and survive a resume', async () => {
    const lifecycle = open();
    const running = lifecycle.run(false);
    await until(() => lifecycle.snapshot().state === 'running', 'running');
    const before = Date.now();
    lifecycle.pause();
    lifecycle.resume();
    lifecycle.setRate(250);
    lifecycle.setCostCeiling(3);
    lifecycle.stop();
    await running;
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JobReport;
    expect(report.actions?.map((a) => [a.kind, a.by, a.words])).toEqual([
      ['pause', 'operator', 'Paused by the operator'],
      ['resume', 'operator', 'Resumed by the operator'],
      // A load's rate slider sets the fixed mode: recorded as the mode change it is.
      ['mode', 'operator', 'Rate mode: fixed at 250 WCU/s'],
      ['cost-ceiling', 'operator', 'Cost ceiling set to $3.00'],
      ['stop', 'operator', 'Stop requested: finishing requests in flight'],
    ]);
    expect(report.actions!.every((a) => a.atMs >= before && a.atMs <= Date.now())).toBe(true);
    const checkpoint = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as JobCheckpoint<FakeCheckpoint>;
    expect(checkpoint.actions).toHaveLength(5);

    // A resumed run starts from the recorded actions and appends its own.
    const again = open();
    const resumed = again.run(true);
    await until(() => again.snapshot().state === 'running' || again.snapshot().state === 'completed', 'resumed');
    again.pause();
    again.resume();
    await resumed;
    const final = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JobReport;
    expect(final.actions!.slice(0, 5).map((a) => a.kind)).toEqual(['pause', 'resume', 'mode', 'cost-ceiling', 'stop']);
  });
});
