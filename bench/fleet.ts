/**
 * Fleet budget benchmark (issue 14): how well 1, 2 and 4 worker processes sharing one
 * budget in Redis hold a 2,000 WCU/s target, how fast a fleet-wide pause takes hold, and
 * how many Redis commands a worker costs, and what one shard costs in Redis commands.
 *
 *   node bench/run.mjs fleet [--seconds 60] [--workers 1,2,4] [--rate 2000]
 *
 * Each worker is a process of its own (this file, forked with --role worker) with its own
 * Redis connections, a lease pump feeding a local bucket, and 8 sender loops taking 25-unit
 * batches from it (a request costs 2 ms), as a `capstan worker`'s executors take capacity.
 * "requests" are the round trips a worker's pump makes (one lease or one state read each);
 * "server commands" are what Redis counts (total_commands_processed), including the commands
 * run inside the lease script: the load one Redis node carries per worker.
 * Baseline in the same run: one local job, the same 8 sender loops on the SharedTokenBucket a
 * local job's governor uses, at the same rate. Needs redis-server (node
 * test/support/ensure-redis.mjs installs it); the bench starts its own on a free port.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FleetBudget } from '../electron/engine/fleet/fleet-budget';
import { FleetCoordinator } from '../electron/engine/fleet/fleet-coordinator';
import type { FleetShardRunner } from '../electron/engine/fleet/fleet-shard-runner';
import { FleetWorker } from '../electron/engine/fleet/fleet-worker';
import { LeasePump } from '../electron/engine/fleet/lease-pump';
import { openRedis, parseRedisUrl } from '../electron/engine/fleet/redis-connection';
import { SharedTokenBucket } from '../electron/engine/governor/token-bucket';
import { pendingShard } from '../electron/engine/shard/shard';
import { startRedisServer } from '../test/support/redis-server';
import { totalCommands } from './redis-commands';
import { fmt, quantile, spreadCells } from './stats';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SENDERS = 8;
const BATCH_UNITS = 25;
const REQUEST_MS = 2;
const WARMUP_S = 5;

/** What a worker process reports to the bench. */
type FromWorker =
  | { type: 'ready' }
  | { type: 'second'; index: number; units: number }
  | { type: 'paused'; atMs: number; lastSendMs: number }
  | { type: 'stats'; redisCommands: number; leases: number };

/** Sender loops on a bucket; `onSecond` gets the units sent in each whole second since `startMs`. */
function runSenders(bucket: SharedTokenBucket, startMs: number, onSecond: (index: number, units: number) => void) {
  const state = { running: true, lastSendMs: 0 };
  let second = 0;
  let units = 0;
  const timer = setInterval(() => {
    const index = Math.floor((Date.now() - startMs) / 1000);
    while (second < index) {
      onSecond(second++, units);
      units = 0;
    }
  }, 50);
  const loops = Array.from({ length: SENDERS }, async () => {
    while (state.running) {
      const take = bucket.tryTake(BATCH_UNITS);
      if (take.kind === 'granted') {
        units += BATCH_UNITS;
        state.lastSendMs = Date.now();
        await new Promise((r) => setTimeout(r, REQUEST_MS));
      } else {
        await new Promise((r) => setTimeout(r, take.kind === 'wait' ? take.waitMs : 5));
      }
    }
  });
  return {
    state,
    async stop() {
      state.running = false;
      clearInterval(timer);
      await Promise.all(loops);
    },
  };
}

async function workerRole(): Promise<void> {
  const [url, jobId, startText] = [option('url')!, option('job')!, option('start')!];
  const target = parseRedisUrl(url);
  const redis = await openRedis(target, 'budget');
  const subscriber = await openRedis(target, 'queue');
  const bucket = SharedTokenBucket.create(0);
  const send = (message: FromWorker) => process.send!(message);
  let senders: ReturnType<typeof runSenders> | null = null;
  const pump = new LeasePump({
    budget: new FleetBudget(redis, jobId), resource: 'write', bucket, workerId: `bench-${process.pid}`, subscriber,
    onState: (state) => {
      if (state === 'paused') send({ type: 'paused', atMs: Date.now(), lastSendMs: senders?.state.lastSendMs ?? 0 });
    },
  });
  await pump.start();
  senders = runSenders(bucket, Number(startText), (index, units) => send({ type: 'second', index, units }));
  send({ type: 'ready' });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    void (async () => {
      await senders!.stop();
      await pump.close();
      send({ type: 'stats', redisCommands: pump.stats.redisCommands, leases: pump.stats.leases });
      redis.disconnect();
      subscriber.disconnect();
      process.exit(0);
    })();
  });
}

interface RunResult {
  perSecond: number[];
  pauseLatenciesMs: number[];
  commandsPerWorkerPerSecond: number;
  serverCommandsPerWorkerPerSecond: number;
}

async function fleetRun(url: string, workers: number, rate: number, seconds: number, run: number): Promise<RunResult> {
  const redis = await openRedis(parseRedisUrl(url), 'budget');
  const budget = new FleetBudget(redis, `bench-${run}-${workers}`);
  await budget.create({ capstanVersion: 'bench', mode: 'fixed', rates: { write: rate } });
  const startMs = Date.now() + 2000;
  const bySecond = new Map<number, number>();
  const paused: { atMs: number; lastSendMs: number }[] = [];
  const stats: { redisCommands: number }[] = [];
  const children = Array.from({ length: workers }, () => fork(fileURLToPath(import.meta.url), ['--role', 'worker', '--url', url, '--job', budget.jobId, '--start', String(startMs)]));
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'second') bySecond.set(message.index, (bySecond.get(message.index) ?? 0) + message.units);
      else if (message.type === 'paused') paused.push(message);
      else if (message.type === 'stats') stats.push(message);
    });
  })));
  const commandsBefore = await totalCommands(redis);
  const measureFromMs = startMs + WARMUP_S * 1000;
  await waitUntil(measureFromMs + seconds * 1000 + 1200);
  const commandsAfter = await totalCommands(redis);
  const measuredSeconds = (Date.now() - measureFromMs) / 1000;
  const perSecond = Array.from({ length: seconds }, (_, i) => bySecond.get(WARMUP_S + i) ?? 0);
  // Fleet-wide pause: from the coordinator's pause to the last worker holding it, five times.
  const pauseLatenciesMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    paused.length = 0;
    const pausedAt = Date.now();
    await budget.pause();
    await waitFor(() => paused.length === workers);
    pauseLatenciesMs.push(Math.max(...paused.map((p) => p.atMs)) - pausedAt);
    await budget.resume();
    await waitUntil(Date.now() + 1000);
  }
  for (const child of children) child.send({ type: 'stop' });
  await waitFor(() => stats.length === workers);
  await budget.remove();
  redis.disconnect();
  const pumpCommands = stats.reduce((sum, s) => sum + s.redisCommands, 0);
  const totalSeconds = (Date.now() - startMs) / 1000;
  return {
    perSecond,
    pauseLatenciesMs,
    commandsPerWorkerPerSecond: pumpCommands / totalSeconds / workers,
    serverCommandsPerWorkerPerSecond: (commandsAfter - commandsBefore) / measuredSeconds / workers,
  };
}

async function localBaseline(rate: number, seconds: number): Promise<number[]> {
  const bucket = SharedTokenBucket.create(rate);
  const startMs = Date.now();
  const bySecond = new Map<number, number>();
  const senders = runSenders(bucket, startMs, (index, units) => bySecond.set(index, units));
  await waitUntil(startMs + (WARMUP_S + seconds) * 1000 + 1200);
  await senders.stop();
  return Array.from({ length: seconds }, (_, i) => bySecond.get(WARMUP_S + i) ?? 0);
}

/** A runner whose shards do no work but write one checkpoint: what the queue, the store and the registry cost per shard. */
const emptyRunner: FleetShardRunner = {
  accepts: (spec) => (spec as { kind?: string }).kind === 'bench-empty',
  async run(context) {
    await context.checkpoint({ at: 'end' } as never, { read: 0, written: 0, rejected: 0 });
    return { state: 'done', counts: { read: 0, written: 0, rejected: 0 }, error: null };
  },
};

/** Redis commands per shard: `shards` empty shards through two workers (concurrency 4) and a coordinator. */
async function shardCost(url: string, shards: number): Promise<{ commandsPerShard: number; msPerShard: number }> {
  const target = parseRedisUrl(url);
  const redis = await openRedis(target, 'budget');
  const workers = [1, 2].map(() => new FleetWorker({ target, concurrency: 4, capstanVersion: 'bench', runner: emptyRunner, log: () => {} }));
  await Promise.all(workers.map((w) => w.start()));
  const before = await totalCommands(redis);
  const startMs = Date.now();
  const plan = Array.from({ length: shards }, (_, k) => pendingShard(`s${k}`, { kind: 'byte-range', entry: { name: 'empty', sizeBytes: 0, version: null }, startByte: 0, endByte: 0 }));
  const coordinator = await FleetCoordinator.open(target, { jobId: 'bench-shards', spec: { kind: 'bench-empty' }, shards: plan, capstanVersion: 'bench', mode: 'fixed', rates: { write: 1000 } });
  await coordinator.waitForEnd(undefined, 200);
  const elapsedMs = Date.now() - startMs;
  const commands = (await totalCommands(redis)) - before;
  await coordinator.remove();
  await coordinator.close();
  await Promise.all(workers.map((w) => w.close()));
  redis.disconnect();
  return { commandsPerShard: commands / shards, msPerShard: elapsedMs / shards };
}

function waitUntil(atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the bench timed out waiting for its workers');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  const seconds = Number(option('seconds') ?? 60);
  const rate = Number(option('rate') ?? 2000);
  const counts = (option('workers') ?? '1,2,4').split(',').map(Number);
  const server = await startRedisServer();
  try {
    console.log(`Fleet budget at ${fmt(rate)} WCU/s: ${seconds} s after a ${WARMUP_S} s warm-up, per-second units sent by all workers together`);
    console.log('| setup | mean | vs target | stdev | p5 | median | p95 | min–max | pause: median / max ms | requests/worker/s | server commands/worker/s |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    const row = (name: string, xs: number[], tail: string) => console.log(`| ${name} | ${spreadCells(xs, rate).join(' | ')} | ${tail} |`);
    row('baseline: one local job (SharedTokenBucket)', await localBaseline(rate, seconds), '– | – | –');
    for (const [run, workers] of counts.entries()) {
      const result = await fleetRun(server.url, workers, rate, seconds, run);
      const pauses = result.pauseLatenciesMs;
      row(`fleet: ${workers} worker${workers === 1 ? '' : 's'}`, result.perSecond, `${fmt(quantile(pauses, 0.5))} / ${fmt(Math.max(...pauses))} | ${fmt(result.commandsPerWorkerPerSecond, 1)} | ${fmt(result.serverCommandsPerWorkerPerSecond, 1)}`);
    }
    const shards = 200;
    const cost = await shardCost(server.url, shards);
    console.log(`\nShard overhead: ${shards} empty shards (one checkpoint each) through two workers (concurrency 4) and a coordinator`);
    console.log('| Redis commands per shard (queue, store, registry, coordinator polls) | wall time per shard |');
    console.log('|---|---|');
    console.log(`| ${fmt(cost.commandsPerShard, 1)} | ${fmt(cost.msPerShard, 1)} ms |`);
  } finally {
    await server.stop();
  }
}

if (option('role') === 'worker') await workerRole();
else await main();
