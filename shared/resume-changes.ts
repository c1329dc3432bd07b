import { z } from 'zod';
import type { JobSpec } from './job-spec';
import type { JobSnapshot } from './job-status';
import { backfillWriteMode } from './backfill-spec';
import { rateModeSchema, type RateMode } from './rate-modes';

/**
 * What an operator may change when a job resumes from its checkpoint: the write rate (or
 * the whole write rate mode, of a load or a backfill), and whether a load spreads its writes. Applied to the spec
 * the job resumes with; the checkpoint decides which records are still to do, so none
 * of these changes can skip or repeat a record.
 */
export const resumeChangesSchema = z.object({
  /** A fixed write rate, WCU/s (the job switches to fixed mode at this rate). */
  wcuPerSecond: z.number().positive().max(1_000_000).optional(),
  /** The write rate mode, a load's or a backfill's (wins over `wcuPerSecond`). */
  mode: rateModeSchema.optional(),
  /** A load: spread the writes across partitions. */
  spread: z.boolean().optional(),
});
/** Changes made at resume. */
export type ResumeChanges = z.infer<typeof resumeChangesSchema>;

/** The spec with the changes made at resume: a rate mode wins over a fixed rate, which keeps the mode's ceiling. */
export function applyResumeChanges(spec: JobSpec, changes: ResumeChanges): JobSpec {
  const current = writeModeOfSpec(spec);
  const ceiling = current.maxWcuPerSecond;
  const mode = changes.mode ?? (changes.wcuPerSecond !== undefined ? { mode: 'fixed' as const, wcuPerSecond: changes.wcuPerSecond, ...(ceiling ? { maxWcuPerSecond: ceiling } : {}) } : current);
  if (spec.kind === 'load') return { ...spec, rate: mode, source: changes.spread === undefined ? spec.source : { ...spec.source, spread: changes.spread } };
  return { ...spec, rate: { ...mode, rcuPerSecond: spec.rate.rcuPerSecond } };
}

/** A job's write rate mode: a load's, or a backfill's write side (without its read rate). */
export function writeModeOfSpec(spec: JobSpec): RateMode {
  return spec.kind === 'load' ? spec.rate : backfillWriteMode(spec.rate);
}

/**
 * What the operator changed while the job ran (rate, rate mode, cost ceiling), read from
 * its snapshot: kept beside the checkpoint so a resume starts from them, not from the
 * rate the job was started with.
 */
export interface LiveSettings {
  /** The write rate mode in force (a backfill's write side too); null from a snapshot of earlier versions. */
  rateMode: RateMode | null;
  wcuPerSecond: number;
  rcuPerSecond: number | null;
  /** The cost ceiling in force; undefined when the job had not measured cost yet (the spec's stays). */
  maxCostUsd?: number | null;
}

/** The live settings of a snapshot. */
export function liveSettingsOf(snapshot: JobSnapshot): LiveSettings {
  return {
    rateMode: snapshot.rateMode, wcuPerSecond: snapshot.rateWcuPerSecond,
    rcuPerSecond: snapshot.kind === 'backfill' ? snapshot.readRateRcuPerSecond : null, ...(snapshot.cost ? { maxCostUsd: snapshot.cost.ceilingUsd } : {}) };
}

/** The spec with the live settings a run ended with. */
export function applyLiveSettings(spec: JobSpec, live: LiveSettings): JobSpec {
  const limits = { ...spec.limits };
  if (live.maxCostUsd === undefined) {
    // Not measured yet: the spec's ceiling stays.
  } else if (live.maxCostUsd === null) delete (limits as { maxCostUsd?: number }).maxCostUsd;
  else limits.maxCostUsd = live.maxCostUsd;
  const current = writeModeOfSpec(spec);
  // A fixed rate's live rate is the operator's (the slider); a mode's live rate is its own decision, not a setting.
  const mode = live.rateMode ?? (live.wcuPerSecond > 0 && current.mode === 'fixed' ? { ...current, wcuPerSecond: live.wcuPerSecond } : current);
  if (spec.kind === 'load') return { ...spec, rate: mode, limits: limits as typeof spec.limits };
  return { ...spec, rate: { ...mode, rcuPerSecond: live.rcuPerSecond ?? spec.rate.rcuPerSecond }, limits: limits as typeof spec.limits };
}
