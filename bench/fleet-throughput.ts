/**
 * Fleet throughput benchmark (issue 14): real `capstan worker` processes running a real
 * `capstan load --fleet` of S3 objects, against the discard endpoint (its own process: it
 * takes writes and throws them away), for 1, 2 and 4 workers, against one local
 * `capstan load` of the same objects in the same run (local first and last, so drift on a
 * shared machine shows). Per run: items/s end to end (the job's report), the endpoint's
 * median items per second in steady state, client CPU (coordinator and workers, or the
 * local CLI), and for fleet runs Redis commands (INFO, before and after the job: BullMQ's
 * scripts, the shard store, heartbeats, the budget's leases, the coordinator's polls) per
 * shard and per worker per second. Then the shared budget with real workers: a fleet load
 * at 2,000 WCU/s, per-second units the endpoint took (60 s after a 5 s warm-up), against
 * one local load at the same rate, and fleet-wide pauses (bench/fleet-real-rate.ts).
 *
 * Run from the repository root after `npx electron-vite build` (the jobs run the built CLI):
 *
 *   node bench/run.mjs fleet-throughput [--rows 800000] [--objects 8] [--workers 1,2,4]
 *                      [--concurrency 2] [--rate-seconds 60] [--rate 2000] [--rate-workers 4 (or 1,2,4)]
 *
 * (`--rate-seconds 0` skips the rate part.) The sandbox (in this process) serves the S3
 * objects; the endpoint passes S3 requests through to it. Everything shares this machine's
 * cores: with 4 workers, the endpoint, the sandbox and Redis on 2 cores the fleet measures
 * this host's limits, not a fleet's. Needs redis-server (node test/support/ensure-redis.mjs).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { openRedis, parseRedisUrl } from '../electron/engine/fleet/redis-connection';
import type { JobReport } from '../shared/job-report';
import { runCli, type CliProcess } from '../test/support/built-app';
import { startFleetWorld, type FleetWorld } from '../test/integration/fleet/fleet-harness';
import { startDiscardEndpoint, type EndpointStats } from './discard-endpoint-process';
import { measureRealRate } from './fleet-real-rate';
import { callsBetween, commandCalls, serverCpuSeconds, totalCommands } from './redis-commands';
import { fmt, median } from './stats';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
/** Seconds at each end of a run's writes left out of its steady state (start-up, the last shards' tail). */
const EDGE_S = 2;
const CLOCK_TICKS_PER_S = 100;

/** The bench's world: sandbox with the objects, Redis, the endpoint, and how to run loads. */
export interface Bench {
  world: FleetWorld;
  endpoint: Awaited<ReturnType<typeof startDiscardEndpoint>>;
  redis: Redis;
  rows: number;
  concurrency: number;
  /** `capstan load` arguments of the objects into `table` at `rate`, on the fleet or locally. */
  loadArgs(table: string, rate: number, fleet: boolean): string[];
  /** Starts `count` workers; resolves once all are on the queue. */
  startWorkers(count: number): Promise<CliProcess[]>;
  /** Ends workers with SIGTERM (shards go back to the queue) and waits for them to exit. */
  stopWorkers(workers: CliProcess[]): Promise<void>;
}

/** What one throughput run measured. */
interface Run {
  setup: string;
  workers: number;
  itemsPerSecond: number;
  seconds: number;
  steadyMedian: number;
  steadySeconds: number;
  clientCpuSeconds: number;
  /** The workers' share of clientCpuSeconds (the rest is the coordinator's). */
  workersCpuSeconds: number;
  endpointCpuSeconds: number;
  load1: number;
  redis: { commands: number; cpuSeconds: number; top: [string, number][] } | null;
}

/** CPU seconds of this process's children that have ended and been waited for (/proc/self/stat: cutime + cstime). */
function endedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_S;
}

/** CPU seconds a running process has used so far (/proc/PID/stat: utime + stime). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** Items per second of the endpoint's seconds in [fromS, toS], less EDGE_S at each end of the writes. */
function steadyState(stats: EndpointStats, fromS: number, toS: number): { median: number; seconds: number } {
  const seconds = stats.perSecond.filter((s) => s.second >= fromS && s.second <= toS).sort((a, b) => a.second - b.second);
  if (seconds.length === 0) return { median: 0, seconds: 0 };
  const first = seconds[0]!.second + EDGE_S;
  const last = seconds[seconds.length - 1]!.second - EDGE_S;
  const bySecond = new Map(seconds.map((s) => [s.second, s.items]));
  const steady: number[] = [];
  for (let s = first; s <= last; s++) steady.push(bySecond.get(s) ?? 0);
  return { median: steady.length ? median(steady) : 0, seconds: steady.length };
}

async function throughputRun(bench: Bench, label: string, workerCount: number, index: number): Promise<Run> {
  const table = `throughput_${index}`;
  const workers = workerCount > 0 ? await bench.startWorkers(workerCount) : [];
  const reportPath = join(bench.world.dir, `${table}.json`);
  const cpuBefore = endedChildrenCpuSeconds();
  const endpointBefore = await bench.endpoint.stats();
  const commandsBefore = await totalCommands(bench.redis);
  const callsBefore = await commandCalls(bench.redis);
  const redisCpuBefore = await serverCpuSeconds(bench.redis);
  const fromS = Math.floor(Date.now() / 1000);
  const run = await runCli([...bench.loadArgs(table, 1_000_000, workerCount > 0), '--report', reportPath]);
  if (run.code !== 0) throw new Error(`${label}: capstan load exited ${run.code}:\n${run.output.slice(-3000)}`);
  const commands = (await totalCommands(bench.redis)) - commandsBefore;
  const top = callsBetween(callsBefore, await commandCalls(bench.redis));
  const redisCpuSeconds = (await serverCpuSeconds(bench.redis)) - redisCpuBefore;
  const load1 = loadavg()[0]!;
  const endpointAfter = await bench.endpoint.stats();
  const workersCpuSeconds = workers.reduce((sum, w) => sum + processCpuSeconds(w.child.pid!), 0);
  await bench.stopWorkers(workers);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as JobReport;
  if (report.totals.written !== bench.rows) throw new Error(`${label} wrote ${report.totals.written} of ${bench.rows} items`);
  const seconds = report.times.durationSeconds ?? NaN;
  const steady = steadyState(endpointAfter, fromS, Math.floor(Date.now() / 1000));
  return {
    setup: label, workers: workerCount, seconds, itemsPerSecond: report.totals.written / seconds,
    steadyMedian: steady.median, steadySeconds: steady.seconds,
    clientCpuSeconds: endedChildrenCpuSeconds() - cpuBefore, workersCpuSeconds,
    endpointCpuSeconds: endpointAfter.cpuSeconds - endpointBefore.cpuSeconds,
    load1, redis: workerCount > 0 ? { commands, cpuSeconds: redisCpuSeconds, top } : null,
  };
}

function printThroughput(runs: Run[], shards: number, rows: number): void {
  const locals = runs.filter((r) => r.workers === 0);
  const localRate = median(locals.map((r) => r.itemsPerSecond));
  const localSteady = median(locals.map((r) => r.steadyMedian));
  console.log(`\nThroughput: ${fmt(rows)} items in ${shards} S3 objects (one shard each) into the discard endpoint, runs in this order`);
  console.log('| setup | items/s (report) | vs local | steady items/s (endpoint median) | vs local | steady s | client CPU µs/item (of it workers) | endpoint CPU µs/item | Redis commands/shard | Redis commands/worker/s | Redis CPU ms/worker/s | load avg (1 min) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    const redisCells = r.redis ? [fmt(r.redis.commands / shards, 1), fmt(r.redis.commands / r.workers / r.seconds, 1), fmt((r.redis.cpuSeconds * 1000) / r.workers / r.seconds, 2)] : ['–', '–', '–'];
    console.log(`| ${r.setup} | ${fmt(r.itemsPerSecond)} | ${fmt(r.itemsPerSecond / localRate, 2)}x | ${fmt(r.steadyMedian)} | ${fmt(r.steadyMedian / localSteady, 2)}x | ${r.steadySeconds} | ${fmt((r.clientCpuSeconds / rows) * 1e6, 1)}${r.workers ? ` (${fmt((r.workersCpuSeconds / rows) * 1e6, 1)})` : ''} | ${fmt((r.endpointCpuSeconds / rows) * 1e6, 1)} | ${redisCells.join(' | ')} | ${fmt(r.load1, 1)} |`);
  }
  console.log(`("vs local" divides by the median of the local runs: ${fmt(localRate)} items/s, ${fmt(localSteady)} steady. Client CPU: the local CLI, or the coordinator and every worker.)`);
  for (const r of runs.filter((x) => x.redis)) {
    const total = r.redis!.commands;
    console.log(`Redis commands, ${r.setup}: ${fmt(total)} in ${fmt(r.seconds, 1)} s; ${r.redis!.top.slice(0, 6).map(([name, n]) => `${name} ${fmt((n / total) * 100)}%`).join(', ')}`);
  }
}

async function main(): Promise<void> {
  const rows = Number(option('rows', '800000'));
  const objects = Number(option('objects', '8'));
  const counts = option('workers', '1,2,4').split(',').map(Number);
  const concurrency = Number(option('concurrency', '2'));
  const rateSeconds = Number(option('rate-seconds', '60'));
  const rate = Number(option('rate', '2000'));
  const rateWorkers = option('rate-workers', '4').split(',').map(Number);
  if (rows % objects !== 0) throw new Error(`--rows (${rows}) must be a multiple of --objects (${objects})`);
  const started = Date.now();
  const world = await startFleetWorld({ objects, rowsPerObject: rows / objects });
  const endpoint = await startDiscardEndpoint(fileURLToPath(new URL('./discard-endpoint.js', import.meta.url)), { s3Upstream: world.sandbox.url });
  const redis = await openRedis(parseRedisUrl(world.redis.url), 'budget');
  const bench: Bench = {
    world, endpoint, redis, rows, concurrency,
    loadArgs: (table, atRate, fleet) => [
      'load', ...(fleet ? ['--fleet', world.redis.url] : []), '--endpoint', endpoint.url, '--table', table, '--source', 's3://warehouse/unload/',
      '--key', 'pk=CUST#{customer_id}', '--rate', String(atRate), '--data-dir', join(world.dir, 'data'),
    ],
    startWorkers: (count) => Promise.all(Array.from({ length: count }, () => world.startWorker(concurrency))),
    async stopWorkers(workers) {
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    },
  };
  try {
    console.log(`Fleet throughput bench, ${new Date().toISOString()}: ${fmt(rows)} rows in ${objects} objects (half gzip), workers at --concurrency ${concurrency}; load average at start ${loadavg().map((l) => fmt(l, 1)).join(' ')}`);
    console.log(`World ready in ${fmt((Date.now() - started) / 1000, 1)} s. All processes share this machine's cores: the fleet runs show this host's limits and the ratio to a local job, not how a fleet of machines scales.`);
    const setups: [string, number][] = [['local job (1st)', 0], ...counts.map((n): [string, number] => [`fleet: ${n} worker${n === 1 ? '' : 's'}`, n]), ['local job (2nd)', 0]];
    const runs: Run[] = [];
    for (const [index, [label, workers]] of setups.entries()) {
      runs.push(await throughputRun(bench, label, workers, index));
      console.log(`  ${label}: ${fmt(runs.at(-1)!.itemsPerSecond)} items/s over ${fmt(runs.at(-1)!.seconds, 1)} s`);
    }
    printThroughput(runs, objects, rows);
    if (rateSeconds > 0) await measureRealRate(bench, { rate, seconds: rateSeconds, workers: rateWorkers });
    console.log(`\nBench took ${fmt((Date.now() - started) / 1000)} s; load average at the end ${loadavg().map((l) => fmt(l, 1)).join(' ')}`);
  } finally {
    redis.disconnect();
    endpoint.stop();
    await world.close();
  }
}

await main();
