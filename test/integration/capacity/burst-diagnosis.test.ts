import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { jobSpecSchema } from '../../../shared/job-spec';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { localClient, waitFor } from '../../support/table-reader';

/**
 * A load asked to run ten times faster than its provisioned table: the table serves its
 * saved-up burst first (the sandbox keeps 3 seconds of it here instead of 300, so the
 * test is short), then throttles. The job's diagnosis names the exhausted burst with the
 * asked rate and the table's capacity, not a generic "table at capacity".
 *
 * Nothing here depends on the machine's speed: the table is small (20 WCU) so even a
 * starved job outruns it, the backoff is looked for in the whole tick history (not in the
 * latest tick at the moment of a poll), and the diagnosis is looked for on both answers a
 * throttled BatchWriteItem can get. Which one a job sees is timing: a request that meets
 * an empty bank gets the exception with its reason; one that meets a bank refilled by a
 * token or more is partly served and gets reasonless UnprocessedItems (as on DynamoDB).
 * On a loaded machine the job's requests spread out and can meet only the second kind;
 * that is what failed in session 3's parallel run ("diagnosis title missing").
 */
describe('diagnosis of an exhausted burst, and the operator\'s rate kept apart from the rate in force', () => {
  let sandbox: SandboxHandle;
  let engine: Engine;
  let dir: string;

  beforeAll(async () => {
    requireBuild();
    sandbox = await startSandbox({ tableStatusDelayMs: 0, port: 0, rules: { burstSeconds: 3, initialBurstSeconds: 3 } });
    dir = await mkdtemp(join(tmpdir(), 'capstan-burst-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
  });

  afterAll(async () => {
    await engine?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says burst is exhausted, with the asked rate against the table\'s WCU', async () => {
    await localClient(sandbox.url).send(new CreateTableCommand({
      TableName: 'small', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 20 },
    }));
    // A new table starts with the burst its rules allow: 3 s x 20 WCU.
    await waitFor(() => (sandbox.admin.table('small')?.table.burstWriteUnits ?? 0) >= 59, 15_000, 'the table\'s burst to fill');
    const file = join(dir, 'rows.csv');
    await writeFile(file, ['id', ...Array.from({ length: 400 }, (_, i) => String(i))].join('\n') + '\n');
    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table: 'small',
      source: { path: file, format: 'csv' }, mapping: { templates: [{ attribute: 'pk', template: '{id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: 200 }, options: { workers: 1 },
    }));
    // Throttle backoff lowers the rate in force, never the operator's rate. Every second is
    // kept in the tick history, so a backoff is found however late this poll runs (the
    // last tick of an ended job has rate 0, hence the lower bound).
    const live = engine.jobs.get(job.id);
    await waitFor(
      () => live.snapshot().totals.throttled > 0 && live.tickHistory().some((t) => t.targetWcuPerSecond > 0 && t.targetWcuPerSecond < 200),
      90_000,
      'throttles and a backed-off rate in force',
    );
    expect(live.snapshot().rateWcuPerSecond).toBe(200);
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.job.state).toBe('completed');
    expect(report?.reconciliation).toMatchObject({ read: 400, written: 400, pending: 0 });
    expect(report!.capacity.peakWcuPerSecond).toBeGreaterThan(20);
    // The exception (TableWrite...) and the reasonless unprocessed items both name the burst.
    const named = report!.diagnosis.filter((d) => d.title.endsWith('burst exhausted: 200 WCU/s asked of a 20 WCU table'));
    expect(named.length).toBeGreaterThan(0);
    for (const d of report!.diagnosis) {
      expect(['TableWriteProvisionedThroughputExceeded', 'UnprocessedItems']).toContain(d.reason);
      expect(named).toContain(d);
      expect(d.action).toContain('about 10x slower than asked');
    }
  }, 120_000);
});
