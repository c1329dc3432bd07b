import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { dispatchCommand } from '../../../electron/host/command-dispatcher';
import { createCommandHandlers, type CommandHandlers } from '../../../electron/host/command-handlers';
import { confinedPaths } from '../../../electron/host/path-guard';
import type { CommandName, CommandResponses } from '../../../shared/contract';
import type { JobReport } from '../../../shared/job-report';
import type { LoadJobSpecInput } from '../../../shared/job-spec';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';

/**
 * The start check at the host's door, as the UI (or a script over the WebSocket) meets it:
 * a load whose first rows would all be rejected is refused in words, with a name a face
 * can offer a confirmation for, and starts only with `startWithoutValidSample`. The
 * snapshot's rejects by reason are the report's counts, reason for reason.
 */
describe('startJob and a sample with no valid row', () => {
  let dir: string;
  let engine: Engine;
  let handlers: CommandHandlers;

  async function call<K extends CommandName>(name: K, payload: unknown): Promise<CommandResponses[K]> {
    const result = await dispatchCommand(handlers, name, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { name: result.error.name });
    return result.value as CommandResponses[K];
  }

  const spec = (path: string, template: string): LoadJobSpecInput => ({
    kind: 'load', connection: { kind: 'sandbox' }, table: 'target', source: { path, format: 'csv' },
    mapping: { templates: [{ attribute: 'pk', template }] }, rate: { mode: 'fixed', wcuPerSecond: 2_000 }, writeMode: 'replace',
  });

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-sample-gate-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
    handlers = createCommandHandlers(engine, { face: 'web', version: 'test', pickFile: async () => null, printPdf: null, paths: await confinedPaths({ roots: [dir] }) });
    await call('createTable', { connectionId: 'sandbox', tableName: 'target', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    await writeFile(join(dir, 'no-id.csv'), ['id,name', ...Array.from({ length: 40 }, (_, i) => `,n${i}`)].join('\n') + '\n');
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses the start in words, names the refusal, and starts no job', async () => {
    const refused = call('startJob', { spec: spec(join(dir, 'no-id.csv'), 'P#{id}') });
    await expect(refused).rejects.toMatchObject({ name: 'NoValidSampleRow' });
    await expect(refused).rejects.toThrow(/Not started: none of the first 40 rows of .*no-id\.csv would be written \("attribute "pk": column "id" is missing or empty/);
    expect(await call('listJobs', {})).toHaveLength(0);
  });

  it('starts when the operator confirms; the snapshot counts the rejects by reason exactly as the report does', async () => {
    const job = await call('startJob', { spec: spec(join(dir, 'no-id.csv'), 'P#{id}'), startWithoutValidSample: true });
    await engine.jobs.waitForEnd(job.id);
    const snapshot = engine.jobs.get(job.id).snapshot();
    const report = JSON.parse((await call('exportReport', { jobId: job.id, format: 'json' })).text!) as JobReport;
    expect(report.totals.rejected).toBe(40);
    expect(snapshot.rejectsByReason).toHaveLength(1);
    expect(snapshot.rejectsByReason![0]!.reason).toBe('attribute "pk": column "id" is missing or empty (needed by P#{id})');
    // The example is the first record the job rejected (spreading reads in its own order).
    expect(snapshot.rejectsByReason![0]).toMatchObject({ count: 40, example: { raw: expect.stringMatching(/^,n\d+$/) as unknown } });
    expect(Object.fromEntries(snapshot.rejectsByReason!.map((r) => [r.reason, r.count]))).toEqual(report.rejects.byReason);
  });

  it('a load with mixed rows starts without asking and counts each reason apart', async () => {
    const big = 'x'.repeat(410_000);
    const rows = Array.from({ length: 300 }, (_, i) => (i % 5 === 0 ? `,n${i}` : i % 97 === 1 ? `${i},${big}` : `${i},n${i}`));
    await writeFile(join(dir, 'mixed.csv'), ['id,name', ...rows].join('\n') + '\n');
    const job = await call('startJob', { spec: spec(join(dir, 'mixed.csv'), 'P#{id}') });
    await engine.jobs.waitForEnd(job.id);
    const snapshot = engine.jobs.get(job.id).snapshot();
    const byReason = Object.fromEntries(snapshot.rejectsByReason!.map((r) => [r.reason, r.count]));
    expect(Object.values(byReason).sort((a, b) => b - a)).toEqual([60, 3]);
    expect(snapshot.totals.rejected).toBe(63);
    expect(snapshot.rejectsByReason![1]!.reason).toBe("the item is … bytes; DynamoDB's limit is 409,600 bytes (400 KB)");
    const report = JSON.parse((await call('exportReport', { jobId: job.id, format: 'json' })).text!) as JobReport;
    expect(byReason).toEqual(report.rejects.byReason);
  });
});
