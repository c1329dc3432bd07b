import { availableParallelism } from 'node:os';

/** How many sender threads a load starts and how many batches each may hold in flight. */
export interface SenderPlan {
  threads: number;
  inFlightPerThread: number;
}

/** The most sender threads a load starts by itself (more is asked for with `options.workers`). */
const MAX_DEFAULT_THREADS = 4;

/**
 * A load's sender threads and batches in flight. Threads are for CPU, batches in flight
 * for the table's latency, so the default keeps them apart:
 * - threads: one fewer than the cores, since the job's own thread (read, parse, map,
 *   batch) keeps a core busy, at least 1 and at most 4. On two cores one sender writes
 *   as fast as two into the discard endpoint (101,705 against 103,209 items/s) and the
 *   process is 25–30 MiB smaller (bench/s3-load.ts, README "Performance");
 * - batches in flight: `min(4, cores) x inFlightPerWorker` in all, whatever the thread
 *   count (what the pool held when it started one thread a core), shared out evenly.
 * With `options.workers` the spec names the threads and `inFlightPerWorker` is per thread.
 */
export function senderPlan(options: { workers?: number | undefined; inFlightPerWorker: number }, cores = availableParallelism()): SenderPlan {
  if (options.workers !== undefined) return { threads: options.workers, inFlightPerThread: options.inFlightPerWorker };
  const threads = Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores - 1));
  const inFlightTotal = Math.max(1, Math.min(MAX_DEFAULT_THREADS, cores)) * options.inFlightPerWorker;
  return { threads, inFlightPerThread: Math.ceil(inFlightTotal / threads) };
}
