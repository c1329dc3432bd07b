import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackfillJob } from '../../../electron/engine/backfill/backfill-job';
import type { JobUpdate } from '../../../electron/engine/lifecycle/engine-job';
import type { BackfillJobSpec } from '../../../shared/backfill-spec';
import type { JobReport } from '../../../shared/job-report';
import { startRichTables, type RichTables } from './rich-table';

/** Stand-in worker entries that break at each point of a worker's life. */
const brokenWorkers = {
  'throws while starting': `throw new Error('broken at start');`,
  'throws after it is ready': `const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ type: 'ready' });
    setTimeout(() => { throw new Error('broken while scanning'); }, 200);`,
  'exits quietly after it is ready': `const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ type: 'ready' });
    setTimeout(() => process.exit(0), 200);`,
} as const;
const expectedMessage: Record<keyof typeof brokenWorkers, string> = {
  'throws while starting': 'A backfill worker crashed: broken at start',
  'throws after it is ready': 'A backfill worker crashed: broken while scanning',
  'exits quietly after it is ready': 'A backfill worker stopped unexpectedly (exit code 0)',
};

// A backfill whose scan worker crashes at any point of its life ends failed, in words,
// with its report on disk: it never hangs.
describe('a backfill worker that crashes', () => {
  let world: RichTables;

  beforeAll(async () => {
    world = await startRichTables('backfill-worker-crash');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  for (const [name, code] of Object.entries(brokenWorkers) as [keyof typeof brokenWorkers, string][]) {
    it(`${name}: the job ends failed, in words, with its report`, async () => {
      const directory = await mkdtemp(join(world.dir, 'broken-worker-'));
      const script = join(directory, 'backfill-worker.cjs');
      await writeFile(script, code);
      const states: string[] = [];
      const job = createBackfillJob({
        id: `broken-${Date.now()}`, directory,
        spec: world.spec({ table: 'source', operation: { kind: 'count' } }) as BackfillJobSpec,
        target: { region: 'us-east-1', endpoint: world.sandbox.url, auth: { kind: 'local' } },
        workerScripts: { 'backfill-worker': script },
        onUpdate: (update: JobUpdate) => {
          if (update.kind === 'state') states.push(job.snapshot().state);
        },
      });
      await within(45_000, job.run(false));
      expect(job.snapshot().state).toBe('failed');
      expect(job.snapshot().error).toEqual({ name: 'WorkerCrashed', message: expectedMessage[name] });
      const report = JSON.parse(await readFile(join(directory, 'report.json'), 'utf8')) as JobReport;
      expect(report.job.state).toBe('failed');
      expect(report.error?.message).toBe(expectedMessage[name]);
      expect(report.reconciliation.balanced).toBe(true);
      expect(job.finalReport()).toEqual(report);
      expect(states.at(-1)).toBe('failed');
      if (name !== 'throws while starting') expect(states).toContain('running');
    });
  }
});

/** The promise's value, or a failure in words when it takes longer than `ms` (a job that never ends). */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
