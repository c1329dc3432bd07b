import type { Redis } from 'ioredis';
import { DEFAULT_BACKOFF, initialBackoff, onThrottle, recover, withOperatorRate, type BackoffState, type BackoffTuning } from '../governor/throttle-backoff';
import { LEASE_SCRIPT, STEER_SCRIPT } from './budget-scripts';
import { fleetJobKeys, type FleetJobKeys, type FleetResource } from './fleet-keys';

/**
 * One budget for a whole fleet: a token bucket per resource in Redis, refilled at the job's
 * rate, from which workers take small leases. The control hash beside it holds the job's
 * state (running, paused, stopped), the operator's rate and the throttle backoff (the
 * governor's own functions, run by whichever process saw the throttle), so every worker
 * reads the same truth on every lease.
 */

/** A job's state as the fleet sees it. */
export type FleetState = 'running' | 'paused' | 'stopped';

/** The control hash, read. */
export interface FleetControl {
  state: FleetState;
  revision: number;
  capstanVersion: string;
  /** The rate mode in words (the coordinator decides CloudWatch-driven modes; workers only show it). */
  mode: string;
  /** The rate mode in force as the spec writes it (JSON), so a coordinator that attaches carries it on; null before any change. */
  rateMode: unknown;
  /** Who paused the job (operator, cost, window) and why, in words; null while it runs. */
  pausedBy: string | null;
  pauseReason: string | null;
  /** The cost ceiling the operator set while the job ran (null: removed); undefined when never changed (the spec's holds). */
  costCeilingUsd?: number | null;
  rates: Record<FleetResource, { operatorRate: number; backoff: BackoffState }>;
}

/** The answer to one lease request. */
export interface LeaseResult {
  state: FleetState | 'missing';
  grantedUnits: number;
  /** When nothing was granted: how long until a lease is likely to be there. */
  waitMs: number;
  allowedRate: number;
  revision: number;
  leaseUnits: number;
}

/** Lease sizing: small enough that tokens held by workers are a sliver of a second, large enough that Redis is not asked per batch. */
export interface LeaseTuning {
  /** A lease is this many seconds of the fleet's rate... */
  leaseSeconds: number;
  /** ...and never fewer units than this (one 25-item batch of 1-unit items). */
  minLeaseUnits: number;
  /** Unused capacity the bucket may save up, in seconds of rate. */
  burstSeconds: number;
}

/** Defaults: a lease is 20 ms of the fleet's rate (50 leases/s fleet-wide whatever the number of workers), at least 25 units. */
export const DEFAULT_LEASE: LeaseTuning = { leaseSeconds: 0.02, minLeaseUnits: 25, burstSeconds: 0.2 };

/** Options of a budget handle. */
export interface FleetBudgetOptions {
  lease?: LeaseTuning;
  backoff?: BackoffTuning;
  /** A clock for tests (ms); the Redis server's clock by default. */
  now?: () => number;
}

/** What a coordinator sets when it creates a fleet job. */
export interface FleetBudgetInit {
  capstanVersion: string;
  mode: string;
  rates: Partial<Record<FleetResource, number>>;
  /** Start paused (a rate mode whose window is closed at the start): who holds it and why. */
  paused?: { by: 'window' | 'cost'; reason: string };
}

type Steering = Record<string, string | number>;

const RESOURCES: FleetResource[] = ['write', 'read'];

/** Writes the control hash in one step unless it exists (a half-written hash would strand the job). */
const CREATE_IF_ABSENT = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1`;

/** A handle on one job's budget over one Redis connection (each process has its own). */
export class FleetBudget {
  readonly keys: FleetJobKeys;
  private readonly lease: LeaseTuning;
  private readonly backoff: BackoffTuning;
  private readonly clock: (() => number) | null;

  constructor(private readonly redis: Redis, readonly jobId: string, options: FleetBudgetOptions = {}) {
    this.keys = fleetJobKeys(jobId);
    this.lease = options.lease ?? DEFAULT_LEASE;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.now ?? null;
  }

  /** Creates the job's control (running) unless it exists; a coordinator that restarts keeps the state it finds. */
  async create(init: FleetBudgetInit): Promise<FleetControl> {
    const now = await this.nowMs();
    const fields: Steering = {
      state: init.paused ? 'paused' : 'running', revision: 0, capstanVersion: init.capstanVersion, mode: init.mode,
      pausedBy: init.paused?.by ?? '', pauseReason: init.paused?.reason ?? '',
    };
    for (const resource of RESOURCES) {
      const rate = init.rates[resource] ?? 0;
      Object.assign(fields, backoffFields(resource, rate, initialBackoff(rate, now)));
    }
    const pairs = Object.entries(fields).flatMap(([field, value]) => [field, String(value)]);
    await this.redis.eval(CREATE_IF_ABSENT, 1, this.keys.control, ...pairs);
    return this.requireControl();
  }

  /**
   * Joins an existing job as a worker: refuses, in words, a job planned by another Capstan
   * version (shards, checkpoints and scripts may differ between versions).
   */
  async attach(capstanVersion: string): Promise<FleetControl> {
    const control = await this.requireControl();
    if (control.capstanVersion !== capstanVersion) {
      throw new Error(`Job ${this.jobId} was planned by Capstan ${control.capstanVersion}; this worker runs Capstan ${capstanVersion}. Run workers of the coordinator's version (or restart the job with this version).`);
    }
    return control;
  }

  /** The control hash, or null when the job is not (or no longer) in Redis. */
  async read(): Promise<FleetControl | null> {
    return parseControl(await this.redis.hgetall(this.keys.control));
  }

  /** Takes one lease of `resource` for `workerId`. */
  async take(resource: FleetResource, workerId: string): Promise<LeaseResult> {
    const now = this.clock ? String(this.clock()) : '';
    const reply = (await this.redis.eval(
      LEASE_SCRIPT, 3, this.keys.control, this.keys.bucket(resource), this.keys.leased(resource),
      resource, now, this.lease.leaseSeconds, this.lease.burstSeconds, this.lease.minLeaseUnits, workerId,
    )) as string[];
    const [state, granted, waitMs, rate, revision, leaseUnits] = reply;
    return {
      state: state as LeaseResult['state'],
      grantedUnits: Number(granted),
      waitMs: Number(waitMs),
      allowedRate: Number(rate),
      revision: Number(revision),
      leaseUnits: Number(leaseUnits),
    };
  }

  /** The state, revision and allowed rate of `resource`: one cheap read, for workers between leases. */
  async peek(resource: FleetResource): Promise<{ state: FleetState | 'missing'; revision: number; allowedRate: number }> {
    const [state, revision, rate] = await this.redis.hmget(this.keys.control, 'state', 'revision', `${resource}:allowedRate`);
    const known = state === 'running' || state === 'paused' || state === 'stopped';
    return { state: known ? state : 'missing', revision: Number(revision ?? 0), allowedRate: Number(rate ?? 0) };
  }

  /** Units leased so far per worker id (the per-worker share of the budget). */
  async leasedByWorker(resource: FleetResource): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(this.keys.leased(resource));
    return Object.fromEntries(Object.entries(raw).map(([worker, units]) => [worker, Number(units)]));
  }

  /** No lease is granted until `resume`; tokens on hand in Redis are dropped. `by` and `reason` say who paused it and why. */
  async pause(by: 'operator' | 'cost' | 'window' = 'operator', reason = ''): Promise<void> {
    await this.steer(null, { state: 'paused', pausedBy: by, pauseReason: reason });
  }

  /** Leases flow again, earning from now. */
  async resume(): Promise<void> {
    await this.steer(null, { state: 'running', pausedBy: '', pauseReason: '' });
  }

  /** The job is over: no lease is ever granted again. */
  async stop(): Promise<void> {
    await this.steer(null, { state: 'stopped', pausedBy: '', pauseReason: '' });
  }

  /** Records a cost ceiling set while the job runs (null removes it), so a coordinator that attaches keeps it. */
  async setCostCeiling(maxCostUsd: number | null): Promise<void> {
    await this.steer(null, { costCeiling: maxCostUsd === null ? 'none' : String(maxCostUsd) });
  }

  /** Records the rate mode in force (as the spec writes it) and its words; the coordinator turns it into rates. */
  async setRateMode(rateMode: unknown, words: string): Promise<void> {
    await this.steer(null, { rateMode: JSON.stringify(rateMode), mode: words });
  }

  /** The operator (or the coordinator's rate mode) set a new rate; the mode's name is shown to workers. */
  async setOperatorRate(resource: FleetResource, rate: number, mode?: string): Promise<void> {
    await this.mutate(resource, (state) => withOperatorRate(state, rate), { rate, ...(mode === undefined ? {} : { mode }) });
  }

  /** A worker saw a throttle: the shared rate is cut at once (the governor's backoff) and Redis's tokens dropped. */
  async throttled(resource: FleetResource): Promise<void> {
    await this.mutate(resource, (state, operatorRate, now) => onThrottle(state, operatorRate, now, this.backoff), { drain: true });
  }

  /** The coordinator's periodic update: the shared rate climbs back after throttles. */
  async update(resource: FleetResource): Promise<void> {
    await this.mutate(resource, (state, operatorRate, now) => recover(state, operatorRate, now, this.backoff));
  }

  /** Removes the job's budget keys (after the job's end has been reported). */
  async remove(): Promise<void> {
    await this.redis.del(this.keys.control, ...RESOURCES.flatMap((r) => [this.keys.bucket(r), this.keys.leased(r)]));
  }

  /** Reads, changes the backoff with a pure function, and writes it back if nobody changed the control meanwhile. */
  private async mutate(
    resource: FleetResource,
    change: (state: BackoffState, operatorRate: number, nowMs: number) => BackoffState,
    options: { rate?: number; mode?: string; drain?: boolean } = {},
  ): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const control = await this.requireControl();
      const now = await this.nowMs();
      const operatorRate = options.rate ?? control.rates[resource].operatorRate;
      const before = control.rates[resource].backoff;
      const after = change(before, operatorRate, now);
      if (options.rate === undefined && options.mode === undefined && sameBackoff(before, after)) return;
      const fields: Steering = backoffFields(resource, operatorRate, after);
      if (options.mode !== undefined) fields.mode = options.mode;
      const drain = options.drain === true && after.allowedRate < before.allowedRate;
      const result = await this.steer(control.revision, fields, drain ? resource : null);
      if (result !== 'conflict') return;
    }
    throw new Error(`The fleet budget of job ${this.jobId} kept changing under this update (20 attempts)`);
  }

  private async steer(expectedRevision: number | null, fields: Steering, drain: FleetResource | null = null): Promise<'conflict' | 'done'> {
    const pairs = Object.entries(fields).flatMap(([field, value]) => [field, String(value)]);
    const reply = await this.redis.eval(
      STEER_SCRIPT, 3, this.keys.control, this.keys.bucket('write'), this.keys.bucket('read'),
      expectedRevision === null ? '' : String(expectedRevision), this.clock ? String(this.clock()) : '',
      this.lease.leaseSeconds, this.lease.burstSeconds, this.lease.minLeaseUnits, drain ?? '', this.keys.controlChannel, ...pairs,
    );
    return reply === 'conflict' ? 'conflict' : 'done';
  }

  private async requireControl(): Promise<FleetControl> {
    const control = await this.read();
    if (!control) throw new Error(`No fleet job ${this.jobId} on this Redis (it ended and was removed, or the coordinator has not created it yet)`);
    return control;
  }

  private async nowMs(): Promise<number> {
    if (this.clock) return this.clock();
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }
}

function backoffFields(resource: FleetResource, operatorRate: number, backoff: BackoffState): Steering {
  return {
    [`${resource}:operatorRate`]: operatorRate,
    [`${resource}:allowedRate`]: backoff.allowedRate,
    [`${resource}:lastCutAtMs`]: backoff.lastCutAtMs === null ? '' : backoff.lastCutAtMs,
    [`${resource}:lastUpdateAtMs`]: backoff.lastUpdateAtMs,
  };
}

function sameBackoff(a: BackoffState, b: BackoffState): boolean {
  return a.allowedRate === b.allowedRate && a.lastCutAtMs === b.lastCutAtMs && a.lastUpdateAtMs === b.lastUpdateAtMs;
}

/** The control hash's fields, typed; null for a missing or half-written hash. */
export function parseControl(raw: Record<string, string>): FleetControl | null {
  const state = raw.state;
  if (state !== 'running' && state !== 'paused' && state !== 'stopped') return null;
  if (raw.capstanVersion === undefined) return null;
  const rateOf = (resource: FleetResource) => ({
    operatorRate: Number(raw[`${resource}:operatorRate`] ?? 0),
    backoff: {
      allowedRate: Number(raw[`${resource}:allowedRate`] ?? 0),
      lastCutAtMs: raw[`${resource}:lastCutAtMs`] ? Number(raw[`${resource}:lastCutAtMs`]) : null,
      lastUpdateAtMs: Number(raw[`${resource}:lastUpdateAtMs`] ?? 0),
    },
  });
  let rateMode: unknown;
  try {
    rateMode = raw.rateMode ? JSON.parse(raw.rateMode) : null;
  } catch {
    rateMode = null;
  }
  return {
    state,
    revision: Number(raw.revision ?? 0),
    capstanVersion: raw.capstanVersion,
    mode: raw.mode ?? '',
    rateMode,
    pausedBy: state === 'paused' && raw.pausedBy ? raw.pausedBy : null,
    pauseReason: state === 'paused' && raw.pauseReason ? raw.pauseReason : null,
    ...(raw.costCeiling ? { costCeilingUsd: raw.costCeiling === 'none' ? null : Number(raw.costCeiling) } : {}),
    rates: { write: rateOf('write'), read: rateOf('read') },
  };
}
