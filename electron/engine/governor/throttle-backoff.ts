/**
 * How the job's rate reacts to the table pushing back: multiplicative decrease at once on
 * a throttle, then a gradual climb back to the operator's rate. Pure, so the shape of the
 * reaction can be tested without a table.
 */

/** Tuning of the backoff; the defaults halve on a throttle and climb back over ~20 s. */
export interface BackoffTuning {
  /** Fraction of the current rate kept after a throttle. */
  cutFactor: number;
  /** A throttle within this window of the previous cut does not cut again. */
  cutCooldownMs: number;
  /** Fraction of the operator's rate regained per second once throttles stop. */
  recoveryPerSecond: number;
  /** Time without throttles before the climb starts. */
  recoveryDelayMs: number;
  /** Never go below this share of the operator's rate. */
  floorShare: number;
}

/** Defaults: halve, wait 2 s, then regain 5% of the operator's rate per second. */
export const DEFAULT_BACKOFF: BackoffTuning = {
  cutFactor: 0.5,
  cutCooldownMs: 500,
  recoveryPerSecond: 0.05,
  recoveryDelayMs: 2000,
  floorShare: 0.02,
};

/** The state the backoff carries between calls. */
export interface BackoffState {
  /** The rate the job may use now, units per second. */
  allowedRate: number;
  lastCutAtMs: number | null;
  lastUpdateAtMs: number;
}

/** The backoff's state at the start of a job: full speed. */
export function initialBackoff(operatorRate: number, nowMs: number): BackoffState {
  return { allowedRate: operatorRate, lastCutAtMs: null, lastUpdateAtMs: nowMs };
}

/**
 * The operator's rate changed: a lower rate applies at once, a higher one at once too unless
 * a throttle cut is in force (then `recover` climbs to it gradually).
 */
export function withOperatorRate(state: BackoffState, operatorRate: number): BackoffState {
  if (state.lastCutAtMs === null || operatorRate < state.allowedRate) return { ...state, allowedRate: operatorRate };
  return state;
}

/** A throttle answer arrived: cut the allowed rate at once (once per cooldown). */
export function onThrottle(state: BackoffState, operatorRate: number, nowMs: number, tuning = DEFAULT_BACKOFF): BackoffState {
  if (state.lastCutAtMs !== null && nowMs - state.lastCutAtMs < tuning.cutCooldownMs) return state;
  const floor = operatorRate * tuning.floorShare;
  return {
    allowedRate: Math.max(floor, state.allowedRate * tuning.cutFactor),
    lastCutAtMs: nowMs,
    lastUpdateAtMs: nowMs,
  };
}

/** Time passed without (new) throttles: climb back toward the operator's rate. */
export function recover(state: BackoffState, operatorRate: number, nowMs: number, tuning = DEFAULT_BACKOFF): BackoffState {
  const elapsedMs = Math.max(0, nowMs - state.lastUpdateAtMs);
  const quietSince = state.lastCutAtMs ?? -Infinity;
  let allowedRate = Math.min(state.allowedRate, operatorRate);
  if (nowMs - quietSince >= tuning.recoveryDelayMs) {
    allowedRate = Math.min(operatorRate, allowedRate + operatorRate * tuning.recoveryPerSecond * (elapsedMs / 1000));
  }
  return { allowedRate, lastCutAtMs: state.lastCutAtMs, lastUpdateAtMs: nowMs };
}
