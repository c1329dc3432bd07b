/**
 * What a fleet shard costs a `capstan worker` (issue 14): a backfill (add-ttl) of a small
 * table cut into many shards, run by one real worker process at concurrency 1 from a real
 * coordinator, on a real Redis and the sandbox over HTTP. Items are few, so the worker's
 * CPU time and the job's wall time are mostly what each shard costs to set up and end.
 *
 *   node bench/run.mjs shard-setup [--kind backfill|load] [--rounds 5] [--segments 16] [--items 320] [--before OUT_DIR] [--after OUT_DIR]
 *
 * `--kind load`: a fleet load of `--segments` small CSV objects in the sandbox's S3 (one
 * shard per object) instead of the backfill.
 *   SHARD_BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node bench/run.mjs shard-setup --rounds 1
 *
 * `--before` and `--after` name two builds (an `out/` folder each; `--after` is this
 * checkout's out/ by default): the runs alternate between them, round after round, in the
 * same process, and the bench prints each one's medians and the ratio. Without `--before`
 * only this build is measured. Worker CPU time is read from /proc (user + system, every
 * thread of the worker), from its "ready" line to the coordinator's exit. Needs redis-server
 * (node test/support/ensure-redis.mjs).
 */
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox } from '../electron/sandbox/server';
import { startRedisServer } from '../test/support/redis-server';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(option('rounds') ?? 5);
const SEGMENTS = Number(option('segments') ?? 16);
const ITEMS = Number(option('items') ?? 320);
const KIND = option('kind') ?? 'backfill';
if (KIND !== 'backfill' && KIND !== 'load') throw new Error(`--kind is backfill or load; got ${KIND}`);
const builds: { name: string; cli: string }[] = [];
if (option('before')) builds.push({ name: 'before', cli: resolve(option('before')!, 'main/cli.js') });
builds.push({ name: option('before') ? 'after' : 'this build', cli: resolve(option('after') ?? 'out', 'main/cli.js') });

/** Extra node options for the worker only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof). */
const WORKER_NODE_ARGS = process.env.SHARD_BENCH_WORKER_NODE_ARGS ? process.env.SHARD_BENCH_WORKER_NODE_ARGS.split(' ') : [];
const TICKS_PER_SECOND = 100;

/** A process's CPU time so far (user + system, all its threads), ms. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

interface Child {
  pid: number;
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function start(cli: string, cliArgs: string[], nodeArgs: string[] = []): Child {
  const child = spawn(process.execPath, [...nodeArgs, cli, ...cliArgs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; done(): void }[] = [];
  const onText = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      for (const w of [...waiters]) if (w.pattern.test(line)) { waiters.splice(waiters.indexOf(w), 1); w.done(); }
    }
  };
  child.stdout.on('data', onText);
  child.stderr.on('data', onText);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    pid: child.pid!, lines, exited,
    kill: (signal) => child.kill(signal),
    waitFor(pattern, timeoutMs) {
      if (lines.some((l) => pattern.test(l))) return Promise.resolve();
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no line ${pattern} in ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
        waiters.push({ pattern, done: () => { clearTimeout(timer); done(); } });
      });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const dir = mkdtempSync(join(tmpdir(), 'capstan-shard-bench-'));
const redis = await startRedisServer();
const sandbox = await startSandbox({ tableStatusDelayMs: 0 });
const client = new DynamoDBClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
try {
  await client.send(new CreateTableCommand({
    TableName: 'shards', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    ProvisionedThroughput: { ReadCapacityUnits: 40_000, WriteCapacityUnits: 40_000 },
  }));
  for (let first = 0; first < ITEMS; first += 25) {
    const items = Array.from({ length: Math.min(25, ITEMS - first) }, (_, k) => ({ PutRequest: { Item: { pk: { S: `item-${first + k}` }, created: { S: new Date(Date.UTC(2026, 0, 1) + (first + k) * 60_000).toISOString() } } } }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { shards: items } }));
  }
  if (KIND === 'load') {
    const s3 = new S3Client({ endpoint: sandbox.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const perObject = Math.ceil(ITEMS / SEGMENTS);
    for (let part = 0; part < SEGMENTS; part++) {
      const rows = Array.from({ length: perObject }, (_, k) => `${part * perObject + k},name-${k}`);
      await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `unload/part-${part}.csv`, Body: `id,name\n${rows.join('\n')}\n` }));
    }
    s3.destroy();
  }
  const results = new Map<string, { cpuMs: number[]; wallMs: number[] }>(builds.map((b) => [b.name, { cpuMs: [], wallMs: [] }]));
  let days = 1;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which build goes first, so drift on a noisy machine falls on both.
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const worker = start(build.cli, ['worker', '--queue', redis.url, '--concurrency', '1', '--work-dir', join(dir, 'work')], WORKER_NODE_ARGS);
      await worker.waitFor(/^Worker \S+ .* ready on/, 60_000);
      const cpuBefore = cpuMsOf(worker.pid);
      const startedMs = Date.now();
      const coordinator = start(build.cli, KIND === 'load'
        ? ['load', '--fleet', redis.url, '--endpoint', sandbox.url, '--table', 'shards', '--source', 's3://bench/unload/', '--key', 'pk=ID#{id}', '--rate', '40000', '--data-dir', join(dir, 'data')]
        : [
          'backfill', '--fleet', redis.url, '--endpoint', sandbox.url, '--table', 'shards', '--op', 'add-ttl', '--from', 'created', '--days', String(days++),
          '--segments', String(SEGMENTS), '--rate', '40000', '--read-rate', '40000', '--data-dir', join(dir, 'data'),
        ]);
      const code = await coordinator.exited;
      const wallMs = Date.now() - startedMs;
      const cpuMs = cpuMsOf(worker.pid) - cpuBefore;
      if (code !== 0) throw new Error(`The ${build.name} job ended with ${code}:\n${coordinator.lines.slice(-20).join('\n')}\n--- worker ---\n${worker.lines.slice(-20).join('\n')}`);
      worker.kill('SIGTERM');
      await worker.exited;
      results.get(build.name)!.cpuMs.push(cpuMs);
      results.get(build.name)!.wallMs.push(wallMs);
      console.log(`round ${round + 1} ${build.name}: worker CPU ${cpuMs.toFixed(0)} ms, job wall ${wallMs} ms`);
    }
  }
  const shards = KIND === 'load' ? SEGMENTS : Math.min(SEGMENTS, 16);
  console.log(`\n${KIND}: ${ITEMS} items, ${shards} shards, ${ROUNDS} rounds, one worker at concurrency 1`);
  for (const build of builds) {
    const r = results.get(build.name)!;
    console.log(`${build.name}: worker CPU median ${median(r.cpuMs).toFixed(0)} ms (${(median(r.cpuMs) / shards).toFixed(0)} ms per shard), job wall median ${median(r.wallMs).toFixed(0)} ms (${(median(r.wallMs) / shards).toFixed(0)} ms per shard)`);
  }
  if (builds.length === 2) {
    const [b, a] = builds.map((x) => results.get(x.name)!);
    console.log(`after/before: CPU ${(median(a!.cpuMs) / median(b!.cpuMs)).toFixed(2)}x, wall ${(median(a!.wallMs) / median(b!.wallMs)).toFixed(2)}x`);
  }
} finally {
  client.destroy();
  await sandbox.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
