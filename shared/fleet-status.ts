import { z } from 'zod';
import { formatBytes } from './format';

/**
 * The fleet as the dashboard and the report see it while a job runs on `capstan worker`
 * processes: the shared budget's rates, the shards by state, and one row per worker. The
 * coordinator builds it from Redis every second and it travels inside the job's snapshot,
 * so it stays plain data. The queue URL in it never carries a user or password.
 */

/** One worker of the fleet, as its registry entry and the job's shard records show it. */
export const fleetWorkerStatusSchema = z.object({
  /** The worker's id (host, pid and a random part). */
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  /** The Capstan version the worker runs. */
  version: z.string(),
  /** Shards of this job the worker finished. */
  shardsDone: z.number().int().nonnegative(),
  /** Shards of this job the worker runs now. */
  shardsRunning: z.number().int().nonnegative(),
  /** Items the worker wrote in this job's finished shards. */
  itemsWritten: z.number().nonnegative(),
  /** Items per second over the worker's last heartbeat interval (all its shards). */
  itemsPerSecond: z.number().nonnegative(),
  /** This worker's part of the fleet's items per second now, 0..1 (0 when the fleet is idle). */
  share: z.number().min(0).max(1),
  /** Errors the worker met (shards put back, refused jobs) since it started. */
  errors: z.number().int().nonnegative(),
  /** The last of them in words (e.g. it cannot reach the table), or null. */
  lastError: z.string().nullable(),
  /** When the worker last wrote its entry, epoch ms (0: its entry expired). */
  lastHeartbeatMs: z.number(),
  /** True when no heartbeat came for several seconds: the worker is lost or stalled. */
  silent: z.boolean(),
});
/** One worker of the fleet. */
export type FleetWorkerStatus = z.infer<typeof fleetWorkerStatusSchema>;

/** The shared budget of one resource (write units, or read units for a backfill's scan). */
export const fleetRateStatusSchema = z.object({
  /** The rate the operator (or the rate mode, decided by the coordinator) asked for, units/s. */
  operatorRatePerSecond: z.number().nonnegative(),
  /** The rate in force after throttle backoff, shared by every worker, units/s. */
  sharedRatePerSecond: z.number().nonnegative(),
});
/** One resource's shared rate. */
export type FleetRateStatus = z.infer<typeof fleetRateStatusSchema>;

/** The coordinator's index pass over one big uncompressed object, before its shards are queued. */
export const fleetPlanningSchema = z.object({
  /** The object, s3://bucket/key. */
  object: z.string(),
  bytesRead: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
});
/** How far the coordinator's index pass is. */
export type FleetPlanning = z.infer<typeof fleetPlanningSchema>;

/** "Finding record boundaries in s3://b/k: 41% of 2.1 GB": the index pass in words, for the CLI, the job log and the fleet card. */
export function indexProgressWords(p: FleetPlanning): string {
  const share = p.bytesTotal > 0 ? Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100)) : 100;
  return `Finding record boundaries in ${p.object}: ${share}% of ${formatBytes(p.bytesTotal)}`;
}

/**
 * Why a control waits while the coordinator plans a fleet job (no shard queued yet): the
 * engine refuses in these words, and the dashboard's disabled controls say the same.
 * `what` names the control ("Pausing", "A rate change").
 */
export function fleetPlanningRefusal(what: string): string {
  return `${what} waits until the fleet job's shards are queued: the coordinator is still finding record boundaries in a big object. Stop ends the job now, with nothing queued.`;
}

/** The progress card's line while the coordinator plans: nothing is read or counted until the shards are queued. */
export function planningProgressWords(p: FleetPlanning): string {
  return `Planning the fleet's shards: the coordinator's index pass over ${p.object} runs first (see the fleet card); no record is read or counted until the shards are queued.`;
}

/** Everything the dashboard shows about a job's fleet. */
export const fleetStatusSchema = z.object({
  /** The queue, `redis://host:port` (never with a user or password). */
  queue: z.string(),
  /** The fleet's state in Redis: workers take leases only while it is running. */
  state: z.enum(['running', 'paused', 'stopped']),
  write: fleetRateStatusSchema,
  /** Backfills' scan reads; null for loads. */
  read: fleetRateStatusSchema.nullable(),
  shards: z.object({
    pending: z.number().int().nonnegative(),
    running: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
  /** Workers that ran or run this job's shards, plus idle workers on the queue, by id. */
  workers: z.array(fleetWorkerStatusSchema),
  /** When the coordinator read this from Redis, epoch ms. */
  atMs: z.number(),
  /** While the coordinator plans (no shard queued yet): the index pass over a big object, or absent. */
  planning: fleetPlanningSchema.optional(),
});
/** A job's fleet, as the dashboard shows it. */
export type FleetStatus = z.infer<typeof fleetStatusSchema>;

/** The shape of a queue URL a spec may hold: redis:// or rediss://, a host, a port, an optional database, and no credentials. */
const QUEUE_URL = /^rediss?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\/\d+)?$/;

/**
 * A job's fleet in its spec: the queue the coordinator plans into and the workers read.
 * It names no user or password (the spec is stored and embedded in reports); the
 * coordinator and each worker bring their own, in the URL they are given on the command
 * line, and their own AWS credentials.
 */
export const fleetSpecSchema = z.object({
  queue: z
    .string()
    .refine((url) => !/^rediss?:\/\/[^/]*@/.test(url), 'the fleet queue in a job spec must not hold a user or password (give them to the coordinator and the workers on their command lines)')
    .refine((url) => QUEUE_URL.test(url), 'the fleet queue is a URL like redis://HOST:PORT (or rediss:// for TLS)'),
});
/** A job's fleet in its spec. */
export type FleetSpec = z.infer<typeof fleetSpecSchema>;

/** A load's byte-range shard size when its spec names none, in megabytes of 1,048,576 bytes. */
export const DEFAULT_FLEET_RANGE_MB = 64;

/** Why a range size (megabytes, as typed or as in a spec) cannot be used, in words; null when it can. */
export function fleetRangeMbProblem(value: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return `the range shard size is a number of megabytes above 0 (default ${DEFAULT_FLEET_RANGE_MB}), not ${Number.isNaN(value) ? 'empty or text' : value}`;
  if (value > 1_048_576) return `the range shard size is at most 1,048,576 MB (1 TiB), not ${value}`;
  return null;
}

/**
 * A load's fleet: the queue, and how big a shard of one object may be. An uncompressed
 * CSV or JSON-lines object above `rangeMb` is cut into byte ranges of about that size, and
 * a Parquet object into groups of whole row groups of about that size, one shard each, so
 * several workers share one big object. Gzip objects stay one shard (a gzip stream cannot
 * be entered in the middle). The CLI's `--fleet-range-mb` sets this field.
 */
export const loadFleetSpecSchema = fleetSpecSchema.extend({
  /** Megabytes of 1,048,576 bytes; DEFAULT_FLEET_RANGE_MB when absent. */
  rangeMb: z.number().superRefine((value, ctx) => {
    const problem = fleetRangeMbProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).optional(),
});
/** A load's fleet in its spec. */
export type LoadFleetSpec = z.infer<typeof loadFleetSpecSchema>;

/** The byte-range shard size of a load's fleet, in bytes (the spec's `rangeMb`, or the default). */
export function fleetRangeBytes(fleet: { rangeMb?: number } | undefined): number {
  return Math.round((fleet?.rangeMb ?? DEFAULT_FLEET_RANGE_MB) * 1024 * 1024);
}

/** Takes the user and password out of a queue URL, for specs, logs and reports. */
export function queueUrlWithoutCredentials(url: string): string {
  return url.replace(/^(rediss?:\/\/)[^/]*@/, '$1');
}

/** Inserts a user and password into a queue URL taken from a spec (which holds neither). */
export function queueUrlWithCredentials(queue: string, credentials: { username: string | null; password: string } | undefined): string {
  if (!credentials) return queue;
  const url = new URL(queue);
  if (credentials.username) url.username = encodeURIComponent(credentials.username);
  if (credentials.password) url.password = encodeURIComponent(credentials.password);
  return url.toString().replace(/\/$/, '');
}
