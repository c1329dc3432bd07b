/**
 * The rate part of bench/fleet-throughput.ts: the shared budget with real `capstan worker`
 * processes. A fleet load at the target rate (2,000 WCU/s by default) into the discard
 * endpoint, whose per-second write units are the measure (60 s after a 5 s warm-up), next
 * to one local `capstan load` at the same rate; then fleet-wide pauses, timed two ways:
 * from `pause()` in Redis to the last worker logging that it holds the pause, and to the
 * last write request that reached the endpoint. Redis commands per worker per second over
 * the measured window are what the budget, heartbeats and locks cost at that rate.
 */
import { FleetBudget } from '../electron/engine/fleet/fleet-budget';
import { startCli, type CliProcess } from '../test/support/built-app';
import type { Bench } from './fleet-throughput';
import { serverCpuSeconds, totalCommands } from './redis-commands';
import { fmt, median, spreadCells } from './stats';

const WARMUP_S = 5;
const PAUSES = 5;
/** How long after a pause the endpoint is read for the last write (a write in flight lands within it). */
const PAUSE_SETTLE_MS = 1000;

/** What one rate run measured. */
interface RateRun {
  setup: string;
  wcuPerSecond: number[];
  itemsPerSecond: number[];
  /** Per pause: ms from pause() to the last holding worker's log line (NaN if one did not say within 5 s). */
  workerPauseMs: number[];
  /** Per pause: ms from pause() to the last write that reached the endpoint (0: none after it). */
  lastWriteMs: number[];
  commandsPerWorkerPerSecond: number | null;
  redisCpuMsPerWorkerPerSecond: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** The times (epoch ms) a worker logged for job `jobId` entering `state`. */
function stateTimes(worker: CliProcess, jobId: string, state: string): number[] {
  const pattern = new RegExp(`Job ${jobId} ${state} at (\\d+)`);
  return worker.output.flatMap((line) => {
    const m = pattern.exec(line);
    return m ? [Number(m[1])] : [];
  });
}

async function measurePauses(bench: Bench, jobId: string, workers: CliProcess[], run: RateRun): Promise<void> {
  const budget = new FleetBudget(bench.redis, jobId);
  const holding = workers.filter((w) => stateTimes(w, jobId, 'running').length > 0);
  for (let i = 0; i < PAUSES; i++) {
    const before = holding.map((w) => stateTimes(w, jobId, 'paused').length);
    const pausedAt = Date.now();
    await budget.pause();
    const allSaid = await waitFor(() => holding.every((w, j) => stateTimes(w, jobId, 'paused').length > before[j]!), 5000);
    await sleep(Math.max(0, pausedAt + PAUSE_SETTLE_MS - Date.now()));
    const stats = await bench.endpoint.stats();
    run.workerPauseMs.push(allSaid ? Math.max(...holding.map((w, j) => Math.min(...stateTimes(w, jobId, 'paused').slice(before[j]!)))) - pausedAt : NaN);
    run.lastWriteMs.push(Math.max(0, stats.lastWriteMs - pausedAt));
    await budget.resume();
    await sleep(2000);
  }
}

async function rateRun(bench: Bench, rate: number, seconds: number, workerCount: number): Promise<RateRun> {
  const setup = workerCount > 0 ? `fleet: ${workerCount} worker${workerCount === 1 ? '' : 's'} (concurrency ${bench.concurrency})` : 'one local job';
  const run: RateRun = { setup, wcuPerSecond: [], itemsPerSecond: [], workerPauseMs: [], lastWriteMs: [], commandsPerWorkerPerSecond: null, redisCpuMsPerWorkerPerSecond: null };
  const workers = workerCount > 0 ? await bench.startWorkers(workerCount) : [];
  const startedAt = Date.now();
  const coordinator = startCli(bench.loadArgs(`rate_${workerCount}`, rate, workerCount > 0));
  try {
    const jobId = (await coordinator.waitForLine(/^Job (\S+) \(/, 60_000))[1]!;
    if (!(await waitFor(async () => (await bench.endpoint.stats()).lastWriteMs > startedAt, 60_000))) throw new Error(`${setup}: no write reached the endpoint within 60 s`);
    const fromS = Math.floor(Date.now() / 1000) + 1 + WARMUP_S;
    await sleep(fromS * 1000 - Date.now());
    const commandsBefore = await totalCommands(bench.redis);
    const cpuBefore = await serverCpuSeconds(bench.redis);
    await sleep((fromS + seconds) * 1000 - Date.now());
    const commands = (await totalCommands(bench.redis)) - commandsBefore;
    const redisCpuSeconds = (await serverCpuSeconds(bench.redis)) - cpuBefore;
    await sleep(300);
    const bySecond = new Map((await bench.endpoint.stats()).perSecond.map((s) => [s.second, s]));
    for (let s = fromS; s < fromS + seconds; s++) {
      run.wcuPerSecond.push(bySecond.get(s)?.wcu ?? 0);
      run.itemsPerSecond.push(bySecond.get(s)?.items ?? 0);
    }
    if (workerCount > 0) {
      run.commandsPerWorkerPerSecond = commands / seconds / workerCount;
      run.redisCpuMsPerWorkerPerSecond = (redisCpuSeconds * 1000) / seconds / workerCount;
      await measurePauses(bench, jobId, workers, run);
      await new FleetBudget(bench.redis, jobId).stop();
    }
    return run;
  } finally {
    if (coordinator.child.exitCode === null && coordinator.child.signalCode === null) coordinator.child.kill('SIGKILL');
    await coordinator.exited;
    await bench.stopWorkers(workers);
  }
}

/** Runs the rate part (one local job, then the fleet) and prints its table. */
export async function measureRealRate(bench: Bench, options: { rate: number; seconds: number; workers: number[] }): Promise<void> {
  const runs = [await rateRun(bench, options.rate, options.seconds, 0)];
  for (const workers of options.workers) runs.push(await rateRun(bench, options.rate, options.seconds, workers));
  console.log(`\nRate with real jobs at ${fmt(options.rate)} WCU/s: write units the endpoint took per second, ${options.seconds} s after a ${WARMUP_S} s warm-up`);
  console.log('| setup | mean | vs target | stdev | p5 | median | p95 | min–max | items/s mean | pause → last worker holds: median / max ms | pause → last write: median / max ms | Redis commands/worker/s | Redis CPU ms/worker/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|---:|---:|');
  for (const r of runs) {
    const pauses = r.workerPauseMs.length ? `${fmt(median(r.workerPauseMs))} / ${fmt(Math.max(...r.workerPauseMs))}` : '–';
    const lastWrite = r.lastWriteMs.length ? `${fmt(median(r.lastWriteMs))} / ${fmt(Math.max(...r.lastWriteMs))}` : '–';
    const items = r.itemsPerSecond.reduce((a, b) => a + b, 0) / r.itemsPerSecond.length;
    console.log(`| ${r.setup} | ${spreadCells(r.wcuPerSecond, options.rate).join(' | ')} | ${fmt(items)} | ${pauses} | ${lastWrite} | ${r.commandsPerWorkerPerSecond === null ? '–' : fmt(r.commandsPerWorkerPerSecond, 1)} | ${r.redisCpuMsPerWorkerPerSecond === null ? '–' : fmt(r.redisCpuMsPerWorkerPerSecond, 2)} |`);
  }
  console.log(`(${PAUSES} pauses of the fleet job; "last write" is when the last BatchWriteItem reached the endpoint, 0 when none came after the pause; the endpoint estimates units from each item's bytes.)`);
}
