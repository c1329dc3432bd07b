import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobSpecSchema } from '../../../shared/job-spec';
import { TickAggregator } from '../../../electron/engine/lifecycle/tick-aggregator';
import { JobPersistence, type CheckpointContents } from '../../../electron/engine/lifecycle/job-persistence';

const spec = jobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'fake-table', source: { path: '/data' }, rate: { mode: 'fixed', wcuPerSecond: 100 } });

/** `count` ticks of one written item each, numbered from 1. */
function ticks(count: number) {
  const aggregator = new TickAggregator();
  return Array.from({ length: count }, (_, i) => {
    aggregator.addWritten(1);
    return aggregator.take(1_000 * (i + 1), i + 1, 0, 100);
  });
}

describe('what a job keeps on disk (JobPersistence)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-persistence-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const contents = (savedAtMs: number): CheckpointContents<string, { note: string }> => ({
    jobId: 'j1', spec, totals: { read: 3, written: 3, rejected: 0 } as never, shards: [], work: { note: 'kind state' }, notes: ['n'], actions: [], startedAtMs: 5, savedAtMs,
  });

  it('saves checkpoints with their version and logs each tick once; a resumed job reads both back and logs on after them', async () => {
    const first = new JobPersistence<string, { note: string }>({ directory: dir });
    await first.saveCheckpoint(ticks(2), () => contents(10));
    await first.saveCheckpoint(ticks(3), () => contents(20));
    expect(JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8'))).toEqual({ version: 2, ...contents(20) });

    const resumed = new JobPersistence<string, { note: string }>({ directory: dir });
    expect(await resumed.loadCheckpoint()).toEqual({ version: 2, ...contents(20) });
    expect((await resumed.loadTicks()).map((t) => t.second)).toEqual([1, 2, 3]);
    await resumed.saveCheckpoint(ticks(5), () => contents(30));
    const logged = (await readFile(join(dir, 'ticks.jsonl'), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { second: number }).second);
    expect(logged).toEqual([1, 2, 3, 4, 5]);
  });

  it('builds the checkpoint after the ticks are down, so it is as of its saving', async () => {
    const order: string[] = [];
    const store = { place: 'memory', load: async () => null, save: async () => void order.push('checkpoint saved') };
    await new JobPersistence<string, { note: string }>({ directory: dir, checkpoints: store }).saveCheckpoint(ticks(1), () => {
      order.push(existsSync(join(dir, 'ticks.jsonl')) ? 'contents built, ticks logged' : 'contents built before the ticks');
      return contents(1);
    });
    expect(order).toEqual(['contents built, ticks logged', 'checkpoint saved']);
  });

  it('a fresh job has no checkpoint; one an older Capstan wrote is refused in words', async () => {
    const persistence = new JobPersistence({ directory: dir });
    expect(await persistence.loadCheckpoint()).toBeNull();
    await writeFile(join(dir, 'checkpoint.json'), JSON.stringify({ version: 1, jobId: 'old' }));
    await expect(persistence.loadCheckpoint()).rejects.toMatchObject({
      name: 'CheckpointVersion',
      message: `The checkpoint in ${dir} was written by an older Capstan (version 1); start the job anew`,
    });
  });

  it('writes the report as report.json', async () => {
    await new JobPersistence({ directory: dir }).writeReport({ job: { id: 'j1' } } as never);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).toEqual({ job: { id: 'j1' } });
  });
});
