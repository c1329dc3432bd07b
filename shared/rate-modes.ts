/**
 * How fast a bulk job may write, as data: the rate mode travels in the job spec, over IPC
 * and into the report, and the engine's rate controller turns it into a rate each second.
 * Pure (zod only) so the wizard can validate a mode before any job exists.
 */
import { z } from 'zod';
import { organicShareForTargetChange } from './cost/organic-share';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day names a window may be limited to; a window belongs to the day it opens on. */
export const WINDOW_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A day of the week as windows name it. */
export type WindowDay = (typeof WINDOW_DAYS)[number];

/** True when the runtime knows the IANA zone name (Intl throws a RangeError otherwise). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A `HH:MM` wall-clock time as minutes since local midnight. */
export function minutesOfDay(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a HH:MM time`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const ceiling = { maxWcuPerSecond: z.number().positive().optional() };
const share = z.number().gt(0).max(1);

/**
 * One time window in local wall-clock time. `end` before `start` crosses midnight
 * (22:00-02:00); `days` lists the days the window opens on (all days when absent).
 */
export const timeWindowSchema = z
  .object({
    start: z.string().regex(HH_MM, 'start must be HH:MM (24-hour)'),
    end: z.string().regex(HH_MM, 'end must be HH:MM (24-hour)'),
    days: z.array(z.enum(WINDOW_DAYS)).min(1).optional(),
  })
  .refine((w) => w.start !== w.end, { message: 'a window must not start and end at the same time' });

/** What a job does inside its windows: a fixed rate or filling provisioned capacity. */
export const windowInsideSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate'), wcuPerSecond: z.number().positive() }),
  z.object({ kind: z.literal('fill'), share: share.default(0.95) }),
]);

/**
 * The rate modes (issue 6): a fixed slider rate; fill provisioned capacity to a share
 * (technique 3); a share of organic traffic (technique 2); time windows (technique 1);
 * and a rate that respects on-demand's doubling rule. Each accepts a hard ceiling.
 */
export const rateModeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('fixed'), wcuPerSecond: z.number().positive(), ...ceiling }),
  z.object({ mode: z.literal('fill'), share: share.default(0.95), ...ceiling }),
  z.object({ mode: z.literal('share-of-organic'), share: z.number().gt(0).max(10), ...ceiling }),
  z.object({
    mode: z.literal('windows'),
    windows: z.array(timeWindowSchema).min(1),
    timeZone: z.string().refine(isKnownTimeZone, { message: 'unknown IANA time zone' }),
    inside: windowInsideSchema,
    ...ceiling,
  }),
  z.object({ mode: z.literal('on-demand-aware'), wcuPerSecond: z.number().positive(), ...ceiling }),
]);

/** A rate mode after defaults. */
export type RateMode = z.infer<typeof rateModeSchema>;

/** The rate a mode starts at before its first decision: its own rate, or a cautious one. */
export function startingRate(mode: RateMode): number {
  if (mode.mode === 'fixed' || mode.mode === 'on-demand-aware') return mode.wcuPerSecond;
  if (mode.mode === 'windows' && mode.inside.kind === 'rate') return mode.inside.wcuPerSecond;
  return Math.min(mode.maxWcuPerSecond ?? 100, 100);
}
/** A rate mode as a person or the wizard writes it (defaults optional). */
export type RateModeInput = z.input<typeof rateModeSchema>;
/** One time window. */
export type TimeWindow = z.infer<typeof timeWindowSchema>;
/** The names of the modes, for selectors. */
export type RateModeName = RateMode['mode'];

/**
 * The share-of-organic mode for an auto-scaling target change (70% -> 80% gives 14.3%):
 * provisioned = consumed / target, so adding new/old - 1 of organic keeps provisioned
 * capacity where it was. Targets are fractions, as in the cost model.
 */
export function shareOfOrganicForTargetChange(oldTarget: number, newTarget: number, maxWcuPerSecond?: number): RateMode {
  const mode: RateMode = { mode: 'share-of-organic', share: organicShareForTargetChange(oldTarget, newTarget) };
  if (maxWcuPerSecond !== undefined) mode.maxWcuPerSecond = maxWcuPerSecond;
  return mode;
}
