import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { expect } from 'vitest';
import type { JobReport } from '../../../shared/job-report';
import type { FleetShardRecord } from '../../../electron/engine/fleet/shard-store';
import { openRedis, parseRedisUrl } from '../../../electron/engine/fleet/redis-connection';
import type { Redis } from 'ioredis';
import { startCli, type CliProcess } from '../../support/built-app';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { localClient, scanAll, waitFor } from '../../support/table-reader';
import type { FleetProbe } from './fleet-probe';

/**
 * What the fleet's end-to-end tests share: a real Redis on a free port, the sandbox over
 * HTTP with its S3 face, a warehouse unload in S3 (CSV objects, half of them gzip), and
 * `capstan worker` processes from the build.
 */
export interface FleetWorld {
  dir: string;
  redis: TestRedisServer;
  sandbox: SandboxHandle;
  s3: S3Client;
  /** Every record's key, sorted. */
  keys: string[];
  /** The same records in one local CSV file (what a local run, or a refused fleet run, reads). */
  localFile: string;
  workers: CliProcess[];
  /** A connection to the world's Redis the test reads the fleet's budget and shards with (only with `watch`; closed by `close`). */
  watch: Redis | null;
  /** `capstan load --fleet` coordinators started by `coordinate`; `close` kills those still running. */
  coordinators: CliProcess[];
  /** Starts a coordinator (a `capstan` command line, stdin a pipe when asked) and keeps it for `close`. */
  coordinate(args: string[], options?: { stdin?: 'ignore' | 'pipe' }): CliProcess;
  /**
   * `capstan load --fleet` arguments for the world's unload (or `source`) into `table` at
   * `rate` WCU/s, queued on `queue` (the world's Redis by default), with the world's data
   * folder; with `local`, the same load without `--fleet` (run by the coordinator alone).
   */
  loadArgs(table: string, rate: number, options?: { queue?: string; source?: string; local?: boolean }): string[];
  /** Starts one more `capstan worker` (with extra environment, e.g. CAPSTAN_TEST_WORKER_VERSION); resolves once it is on the queue. */
  startWorker(concurrency?: number, env?: NodeJS.ProcessEnv): Promise<CliProcess>;
  makeTable(name: string, wcu?: number): Promise<void>;
  tableItems(name: string): Promise<Record<string, { S?: string; N?: string }>[]>;
  close(): Promise<void>;
}

/** What the world is built with. */
export interface FleetWorldOptions {
  /** Objects under s3://warehouse/unload/. */
  objects: number;
  /** Customers in each object. */
  rowsPerObject: number;
  /** `capstan worker` processes started (concurrency 2) before the world is returned; none by default. */
  workers?: number;
  /** Open `watch`, a Redis connection for the test itself. */
  watch?: boolean;
}

/** Builds the world: `objects` objects of `rowsPerObject` customers each under s3://warehouse/unload/, with workers and a watching connection if asked. */
export async function startFleetWorld(options: FleetWorldOptions): Promise<FleetWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-fleet-'));
  const redis = await startRedisServer();
  const sandbox = await startSandbox({ tableStatusDelayMs: 0 });
  const s3 = new S3Client({ endpoint: sandbox.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  const file = join(dir, 'customers.csv');
  await writeCustomerSample({ rows: options.objects * options.rowsPerObject, out: file });
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
  await s3.send(new CreateBucketCommand({ Bucket: 'warehouse' }));
  const keys: string[] = [];
  for (let part = 0; part < options.objects; part++) {
    const rows = lines.slice(part * options.rowsPerObject, (part + 1) * options.rowsPerObject);
    keys.push(...rows.map((line) => `CUST#${line.split(',')[0]}`));
    const text = `${header}\n${rows.join('\n')}\n`;
    const gzip = part % 2 === 1;
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: `unload/part-${part}.csv${gzip ? '.gz' : ''}`, Body: gzip ? gzipSync(text) : text }));
  }
  keys.sort();
  const workers: CliProcess[] = [];
  const coordinators: CliProcess[] = [];
  const world: FleetWorld = {
    dir, redis, sandbox, s3, keys, localFile: file, workers, coordinators, watch: null,
    coordinate(args, options = {}) {
      const coordinator = startCli(args, {}, options);
      coordinators.push(coordinator);
      return coordinator;
    },
    loadArgs(table, rate, options = {}) {
      return [
        'load', ...(options.local ? [] : ['--fleet', options.queue ?? redis.url]),
        '--endpoint', sandbox.url, '--table', table, '--source', options.source ?? 's3://warehouse/unload/',
        '--key', 'pk=CUST#{customer_id}', '--rate', String(rate), '--data-dir', join(dir, 'data'),
      ];
    },
    async startWorker(concurrency = 2, env = {}) {
      const worker = startCli(['worker', '--queue', redis.url, '--concurrency', String(concurrency), '--work-dir', join(dir, 'work')], env);
      workers.push(worker);
      await worker.waitForLine(/^Worker \S+ .* ready on/, 60_000);
      return worker;
    },
    async makeTable(name, wcu = 40_000) {
      await createTable(localClient(sandbox.url), { tableName: name, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu, rcu: 40_000 } });
    },
    async tableItems(name) {
      return (await scanAll(localClient(sandbox.url), name)) as Record<string, { S?: string; N?: string }>[];
    },
    async close() {
      const all = [...coordinators, ...workers];
      for (const p of all) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(all.map((p) => p.exited));
      world.watch?.disconnect();
      s3.destroy();
      await sandbox.close();
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(Array.from({ length: options.workers ?? 0 }, () => world.startWorker()));
    if (options.watch) world.watch = await openRedis(parseRedisUrl(redis.url), 'budget');
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

/** The worker id a `capstan worker` printed when it started. */
export async function workerIdOf(worker: CliProcess): Promise<string> {
  return (await worker.waitForLine(/^Worker (\S+) /))[1]!;
}

/** Asserts a load of the world's whole unload into `table` ended exact: every key once, completed, balanced. */
export async function expectExactLoad(world: FleetWorld, table: string, jobId: string): Promise<void> {
  expect((await world.tableItems(table)).map((i) => i.pk!.S!).sort()).toEqual(world.keys);
  const report = JSON.parse(await readFile(join(world.dir, 'data', 'jobs', jobId, 'report.json'), 'utf8')) as JobReport;
  expect(report.job.state).toBe('completed');
  const items = world.keys.length;
  expect(report.reconciliation).toMatchObject({ read: items, written: items, rejected: 0, pending: 0, balanced: true });
}

/**
 * SIGKILLs the worker running a shard of the probe's job that `pick` accepts (not done,
 * with writes in its checkpoint), once there is one; resolves when it has exited.
 */
export async function killWorkerOfRunningShard(world: FleetWorld, probe: FleetProbe, what: string, pick: (shard: FleetShardRecord) => boolean = () => true): Promise<void> {
  const victim = await waitFor(async () => {
    const [shards, ranBy] = await Promise.all([probe.shards(), probe.shardWorkers()]);
    const shard = shards.find((s) => s.state !== 'done' && s.checkpointCounts.written > 0 && ranBy[s.id] && pick(s));
    return shard ? ranBy[shard.id]! : null;
  }, 120_000, what, 50);
  const ids = await Promise.all(world.workers.map(workerIdOf));
  const killed = world.workers[ids.indexOf(victim)]!;
  killed.child.kill('SIGKILL');
  await killed.exited;
}
