/**
 * Control benchmarks of the load engine (issue 4): how well it holds a rate, how fast a
 * pause takes hold, and how much memory a large load needs.
 *
 * Run from the repository root (no prior build needed):
 *
 *   node bench/run.mjs load-control [--only rate,pause,memory] [--memory-mb 2048]
 *
 * - rate: a job at 2,000 WCU/s into a sandbox table (4,000 WCU provisioned, its own
 *   process), the 60 seconds after a 5 s warm-up; baseline in the same run: the AWS SDK
 *   paced by sleeping between batches (the usual hand-written limiter) at the same rate.
 * - pause: a job writing as fast as it can into a discard endpoint that records when each
 *   request arrives; pause ten times, measure from pause() to the last request arriving.
 *   Baseline: the median request latency of the same job (what "in flight" costs anyway).
 * - memory: peak RSS (main thread and workers: one process) while loading a CSV of
 *   `--memory-mb` megabytes (generated once into the temp folder) into the discard
 *   endpoint, which runs in a process of its own; baseline: RSS of the same process
 *   before the job.
 */
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../electron/engine/engine';
import { writeCustomerSample } from '../electron/engine/sample/customer-sample';
import { createTable } from '../electron/engine/tables/table-catalog';
import { jobSpecSchema } from '../shared/job-spec';
import type { JobTick } from '../shared/job-status';
import { startDiscardEndpoint } from './discard-endpoint-process';

const workerScripts = {
  'load-job-worker': fileURLToPath(new URL('./load-job-worker.js', import.meta.url)),
  'load-worker': fileURLToPath(new URL('./load-worker.js', import.meta.url)),
};
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = new Set((flag('only') ?? 'rate,pause,memory').split(','));
const memoryMb = Number(flag('memory-mb') ?? 2048);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function main() {
  console.log(`Capstan load control bench — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const dir = await mkdtemp(join(tmpdir(), 'capstan-control-'));
  const engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts, sandbox: false });
  try {
    if (only.has('rate')) await rateBench(engine, dir);
    if (only.has('pause')) await pauseBench(engine, dir);
    if (only.has('memory')) await memoryBench(engine);
  } finally {
    await engine.close();
  }
}

/** Starts `capstan sandbox` from the build in its own process. */
async function startSandboxProcess(): Promise<{ url: string; stop(): void }> {
  const cli = join(process.cwd(), 'out/main/cli.js');
  if (!existsSync(cli)) throw new Error('out/main/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /(http:\/\/[\d.]+:\d+)/.exec(chunk.toString());
      if (m) resolve(m[1]!);
    });
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function rateBench(engine: Engine, dir: string) {
  const sandbox = await startSandboxProcess();
  const target = 2_000;
  const rows = 160_000;
  const csv = join(tmpdir(), `capstan-control-${rows}.csv`);
  if (!existsSync(csv)) await writeCustomerSample({ rows, out: csv });
  try {
    const client = new DynamoDBClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    for (const name of ['rate_engine', 'rate_baseline']) {
      await createTable(client, { tableName: name, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 4_000, rcu: 1_000 } });
    }
    const job = await engine.jobs.start(jobSpecSchema.parse({
      kind: 'load', connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }, table: 'rate_engine',
      source: { path: csv }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] },
      rate: { mode: 'fixed', wcuPerSecond: target },
    }));
    const live = engine.jobs.get(job.id);
    while (live.tickHistory().length < 66) await new Promise((r) => setTimeout(r, 500));
    const engineSeconds = live.tickHistory().slice(5, 65).map((t: JobTick) => t.consumedWcu);
    live.stop();
    await engine.jobs.waitForEnd(job.id);

    // Baseline: the SDK with the usual hand-written limiter (sleep between batches).
    const perSecond = new Map<number, number>();
    const started = Date.now();
    let row = 0;
    const intervalMs = (25 / target) * 1000;
    let next = Date.now();
    while (Date.now() - started < 66_000) {
      const batch: WriteRequest[] = Array.from({ length: 25 }, () => ({ PutRequest: { Item: { pk: { S: `B#${row++}` }, v: { S: 'x'.repeat(120) } } } }));
      const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { rate_baseline: batch }, ReturnConsumedCapacity: 'TOTAL' }));
      const second = Math.floor((Date.now() - started) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + (answer.ConsumedCapacity?.[0]?.CapacityUnits ?? 0));
      next += intervalMs;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    client.destroy();
    const baselineSeconds = Array.from({ length: 60 }, (_, i) => perSecond.get(i + 5) ?? 0);
    const row2 = (name: string, xs: number[]) => {
      const avg = xs.reduce((s, x) => s + x, 0) / xs.length;
      return `| ${name} | ${fmt(avg)} | ${fmt(((avg - target) / target) * 100, 1)}% | ${fmt(quantile(xs, 0.05))} | ${fmt(median(xs))} | ${fmt(quantile(xs, 0.95))} | ${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))} |`;
    };
    console.log(`\nRate holding at ${fmt(target)} WCU/s, 60 s after a 5 s warm-up (per-second consumed WCU):`);
    console.log('| client | 60 s average | vs target | p5 | median | p95 | min–max |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    console.log(row2('Capstan engine (governor, 2 workers)', engineSeconds));
    console.log(row2('baseline: SDK paced by sleeping', baselineSeconds));
  } finally {
    sandbox.stop();
  }
  void dir;
}

/** A discard endpoint in this process that records when each BatchWriteItem arrives. */
async function startRecordingEndpoint() {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (target.endsWith('DescribeTable')) {
        res.end(JSON.stringify({ Table: { TableName: 'discard', TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } } }));
        return;
      }
      // Only writes count: the job's CloudWatch poller calls this endpoint too (every 15 s).
      if (target.endsWith('BatchWriteItem')) arrivals.push(performance.timeOrigin + performance.now());
      const body = Buffer.concat(chunks).toString();
      const items = body.split('"PutRequest"').length - 1;
      res.end(JSON.stringify({ UnprocessedItems: {}, ConsumedCapacity: [{ TableName: 'discard', CapacityUnits: items }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals, close: () => server.close() };
}

async function pauseBench(engine: Engine, dir: string) {
  const endpoint = await startRecordingEndpoint();
  const rows = 400_000;
  const csv = join(tmpdir(), `capstan-control-${rows}.csv`);
  if (!existsSync(csv)) await writeCustomerSample({ rows, out: csv });
  const job = await engine.jobs.start(jobSpecSchema.parse({
    kind: 'load', connection: { kind: 'endpoint', endpoint: endpoint.url, region: 'us-east-1' }, table: 'discard',
    source: { path: csv }, mapping: { templates: [{ attribute: 'pk', template: '{customer_id}' }] },
    rate: { mode: 'fixed', wcuPerSecond: 30_000 },
  }));
  const live = engine.jobs.get(job.id);
  const lags: number[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  while (live.snapshot().state !== 'running') await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 700));
    const pausedAt = performance.timeOrigin + performance.now();
    live.pause();
    await new Promise((r) => setTimeout(r, 1_000));
    const last = Math.max(...endpoint.arrivals.filter((t) => t <= pausedAt + 1_000));
    lags.push(Math.max(0, last - pausedAt));
    live.resume();
  }
  const latency = median(live.tickHistory().map((t) => t.latencyP50Ms ?? 0).filter((x) => x > 0));
  live.stop();
  await engine.jobs.waitForEnd(job.id);
  endpoint.close();
  console.log('\nPause: time from pause() to the last request arriving (10 pauses at ~30,000 WCU/s):');
  console.log('| measure | ms |');
  console.log('| --- | ---: |');
  console.log(`| median | ${fmt(median(lags), 1)} |`);
  console.log(`| max | ${fmt(Math.max(...lags), 1)} |`);
  console.log(`| baseline: median request latency of the same job | ${fmt(latency, 1)} |`);
  console.log(`each pause, in order (ms): ${lags.map((lag) => fmt(lag, 1)).join(', ')}`);
  loopDelay.disable();
  console.log(`this process's event loop (where arrivals are timed): delay p99 ${fmt(loopDelay.percentile(99) / 1e6, 1)} ms, max ${fmt(loopDelay.max / 1e6, 1)} ms`);
  void dir;
}

async function memoryBench(engine: Engine) {
  // The endpoint runs in its own process: its heap and buffers are not the loader's.
  const endpoint = await startDiscardEndpoint(fileURLToPath(new URL('./discard-endpoint.js', import.meta.url)));
  const rowsPerMb = 9_400;
  const rows = Math.round(memoryMb * rowsPerMb);
  const csv = join(tmpdir(), `capstan-control-${rows}.csv`);
  if (!existsSync(csv)) {
    console.log(`\nGenerating a ${fmt(memoryMb)} MB CSV (${fmt(rows)} rows)…`);
    await writeCustomerSample({ rows, out: csv });
  }
  global.gc?.();
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  // The job runs in a worker thread of its own (its heap has its own limits), and its
  // sender workers in theirs: process.memoryUsage() sees only the main thread's heap, so
  // the rest of RSS is the job's and sender workers' heaps, code and the allocator.
  let atPeak = process.memoryUsage();
  let peakMainHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakMainHeap = Math.max(peakMainHeap, usage.heapTotal);
    if (usage.rss > peakRss) atPeak = usage;
    peakRss = Math.max(peakRss, usage.rss);
  }, 200);
  const started = Date.now();
  const job = await engine.jobs.start(jobSpecSchema.parse({
    kind: 'load', connection: { kind: 'endpoint', endpoint: endpoint.url, region: 'us-east-1' }, table: 'discard',
    source: { path: csv }, mapping: { templates: [{ attribute: 'pk', template: '{customer_id}' }] },
    rate: { mode: 'fixed', wcuPerSecond: 1_000_000 },
  }));
  const report = await engine.jobs.waitForEnd(job.id);
  clearInterval(sampler);
  endpoint.stop();
  const seconds = (Date.now() - started) / 1000;
  console.log(`\nMemory while loading ${fmt(statSync(csv).size / 1e6)} MB (${fmt(report?.totals.written ?? 0)} items in ${fmt(seconds)} s):`);
  console.log('| measure | MB |');
  console.log('| --- | ---: |');
  console.log(`| baseline: RSS before the job | ${fmt(idleRss / 1e6)} |`);
  console.log(`| peak RSS during the job | ${fmt(peakRss / 1e6)} |`);
  console.log(`| at that peak: main thread V8 heap (total / used) | ${fmt(atPeak.heapTotal / 1e6)} / ${fmt(atPeak.heapUsed / 1e6)} |`);
  console.log(`| at that peak: the rest (the job's worker and its sender workers: heaps, buffers, code; the allocator) | ${fmt((atPeak.rss - atPeak.heapTotal) / 1e6)} |`);
  console.log(`| largest main thread V8 heap during the job | ${fmt(peakMainHeap / 1e6)} |`);
}

await main();
