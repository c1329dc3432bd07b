import type { Redis } from 'ioredis';
import { WORKER_SET_KEY, workerKey } from './fleet-keys';

/**
 * The fleet's workers as the dashboard and the report see them: each worker writes its
 * entry every heartbeat; an entry outlives its worker for a while (so a dead worker shows as
 * silent, with its last words) and then expires.
 */

/** One worker's entry. */
export interface WorkerEntry {
  id: string;
  host: string;
  pid: number;
  capstanVersion: string;
  concurrency: number;
  startedAtMs: number;
  lastHeartbeatMs: number;
  shardsDone: number;
  /** Ids (`job/shard`) of the shards it runs now. */
  shardsRunning: string[];
  /** Items written per second over the last 5 s (items-rate.ts). */
  itemsPerSecond: number;
  itemsWritten: number;
  errors: number;
  /** The last error in words (a shard that could not reach the table, a refused job). */
  lastError: string | null;
}

/** How long an entry stays after its last heartbeat. */
export const WORKER_ENTRY_TTL_MS = 10 * 60_000;
/** A worker silent for longer than this is shown as lost (heartbeats come every second). */
export const WORKER_SILENT_AFTER_MS = 5_000;

/** Writes a worker's entry (its heartbeat). */
export async function writeWorkerEntry(redis: Redis, entry: WorkerEntry): Promise<void> {
  await redis.multi().set(workerKey(entry.id), JSON.stringify(entry), 'PX', WORKER_ENTRY_TTL_MS).sadd(WORKER_SET_KEY, entry.id).exec();
}

/** Removes a worker's entry (it shut down cleanly). */
export async function removeWorkerEntry(redis: Redis, workerId: string): Promise<void> {
  await redis.multi().del(workerKey(workerId)).srem(WORKER_SET_KEY, workerId).exec();
}

/** Every registered worker, oldest first; entries that expired are dropped from the set. */
export async function listWorkers(redis: Redis): Promise<WorkerEntry[]> {
  const ids = await redis.smembers(WORKER_SET_KEY);
  if (ids.length === 0) return [];
  const texts = await redis.mget(ids.map(workerKey));
  const entries: WorkerEntry[] = [];
  const gone: string[] = [];
  texts.forEach((text, i) => {
    if (text === null) gone.push(ids[i]!);
    else entries.push(JSON.parse(text) as WorkerEntry);
  });
  if (gone.length > 0) await redis.srem(WORKER_SET_KEY, ...gone);
  return entries.sort((a, b) => a.startedAtMs - b.startedAtMs);
}
