import { z } from 'zod';
import type { JobSpec } from './job-spec';
import type { JobSnapshot } from './job-status';
import { rateModeSchema, type RateMode } from './rate-modes';

/**
 * What an operator may change when a job resumes from its checkpoint: the rate (or the
 * whole rate mode of a load), and whether a load spreads its writes. Applied to the spec
 * the job resumes with; the checkpoint decides which records are still to do, so none
 * of these changes can skip or repeat a record.
 */
export const resumeChangesSchema = z.object({
  /** A fixed write rate, WCU/s (a load switches to fixed mode at this rate). */
  wcuPerSecond: z.number().positive().max(1_000_000).optional(),
  /** A load's rate mode (wins over `wcuPerSecond`). */
  mode: rateModeSchema.optional(),
  /** A load: spread the writes across partitions. */
  spread: z.boolean().optional(),
});
/** Changes made at resume. */
export type ResumeChanges = z.infer<typeof resumeChangesSchema>;

/** The spec with the changes made at resume. */
export function applyResumeChanges(spec: JobSpec, changes: ResumeChanges): JobSpec {
  if (spec.kind === 'load') {
    const ceiling = spec.rate.maxWcuPerSecond;
    const rate = changes.mode ?? (changes.wcuPerSecond !== undefined ? { mode: 'fixed' as const, wcuPerSecond: changes.wcuPerSecond, ...(ceiling ? { maxWcuPerSecond: ceiling } : {}) } : spec.rate);
    return { ...spec, rate, source: changes.spread === undefined ? spec.source : { ...spec.source, spread: changes.spread } };
  }
  return changes.wcuPerSecond === undefined ? spec : { ...spec, rate: { ...spec.rate, wcuPerSecond: changes.wcuPerSecond } };
}

/**
 * What the operator changed while the job ran (rate, rate mode, cost ceiling), read from
 * its snapshot: kept beside the checkpoint so a resume starts from them, not from the
 * rate the job was started with.
 */
export interface LiveSettings {
  /** A load's rate mode; null for a backfill. */
  rateMode: RateMode | null;
  wcuPerSecond: number;
  rcuPerSecond: number | null;
  /** The cost ceiling in force; undefined when the job had not measured cost yet (the spec's stays). */
  maxCostUsd?: number | null;
}

/** The live settings of a snapshot. */
export function liveSettingsOf(snapshot: JobSnapshot): LiveSettings {
  return {
    rateMode: snapshot.kind === 'load' ? snapshot.rateMode : null, wcuPerSecond: snapshot.rateWcuPerSecond,
    rcuPerSecond: snapshot.kind === 'backfill' ? snapshot.readRateRcuPerSecond : null, ...(snapshot.cost ? { maxCostUsd: snapshot.cost.ceilingUsd } : {}) };
}

/** The spec with the live settings a run ended with. */
export function applyLiveSettings(spec: JobSpec, live: LiveSettings): JobSpec {
  const limits = { ...spec.limits };
  if (live.maxCostUsd === undefined) {
    // Not measured yet: the spec's ceiling stays.
  } else if (live.maxCostUsd === null) delete (limits as { maxCostUsd?: number }).maxCostUsd;
  else limits.maxCostUsd = live.maxCostUsd;
  if (spec.kind === 'load') {
    const rate = live.rateMode ?? (live.wcuPerSecond > 0 ? { ...spec.rate, ...(spec.rate.mode === 'fixed' ? { wcuPerSecond: live.wcuPerSecond } : {}) } : spec.rate);
    return { ...spec, rate, limits: limits as typeof spec.limits };
  }
  return {
    ...spec,
    rate: { ...spec.rate, ...(live.wcuPerSecond > 0 ? { wcuPerSecond: live.wcuPerSecond } : {}), ...(live.rcuPerSecond ? { rcuPerSecond: live.rcuPerSecond } : {}) },
    limits: limits as typeof spec.limits,
  };
}
