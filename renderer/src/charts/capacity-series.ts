import type { JobTick } from '../../../shared/job-status';
import { minuteStartOf, type MinuteFigures } from './minute-lookup';

/** The capacity unit a chart shows. */
export type CapacityUnit = 'WCU' | 'RCU';

/** Facts about the table that some series draw (from describeTable; null when unknown). */
export interface SeriesContext {
  provisionedWcu: number | null;
  provisionedRcu: number | null;
  /** The table's CloudWatch minutes by start (empty when none are published yet). */
  minutes: ReadonlyMap<number, MinuteFigures>;
}

/**
 * One line of the capacity chart. New sources (CloudWatch table totals, the organic
 * estimate) join by adding an entry here: the chart draws whatever this list holds for
 * the unit on screen, skipping series that have no value.
 */
export interface CapacitySeries {
  key: string;
  label: string;
  unit: CapacityUnit;
  /** A CSS colour (custom properties allowed). */
  color: string;
  shape: 'line' | 'step';
  dashed?: boolean;
  /** The series drives downsampling: its peaks and dips survive reduction. */
  primary?: boolean;
  /** Drawn from CloudWatch minutes: shown once a minute is published, whatever the first tick says. */
  perMinute?: boolean;
  value(tick: JobTick, context: SeriesContext): number | null;
}

/** Every series the capacity chart knows, in drawing order. */
export const CAPACITY_SERIES: readonly CapacitySeries[] = [
  { key: 'provisionedWcu', label: 'table provisioned WCU', unit: 'WCU', color: 'var(--red)', shape: 'step', dashed: true, value: (t, c) => minuteOf(t, c)?.provisionedWcu ?? c.provisionedWcu },
  { key: 'tableTotalWcu', label: 'table total consumed WCU/s (CloudWatch, per minute)', unit: 'WCU', color: 'var(--violet)', shape: 'step', perMinute: true, value: (t, c) => minuteOf(t, c)?.totalWcu ?? null },
  { key: 'organicWcu', label: 'organic estimate WCU/s (total − job)', unit: 'WCU', color: 'var(--teal)', shape: 'step', dashed: true, perMinute: true, value: (t, c) => minuteOf(t, c)?.organicWcu ?? null },
  { key: 'targetWcu', label: 'job target WCU/s', unit: 'WCU', color: 'var(--amber)', shape: 'step', dashed: true, value: (t) => t.targetWcuPerSecond },
  { key: 'consumedWcu', label: 'job consumed WCU/s', unit: 'WCU', color: 'var(--accent)', shape: 'line', primary: true, value: (t) => t.consumedWcu },
  { key: 'provisionedRcu', label: 'table provisioned RCU', unit: 'RCU', color: 'var(--red)', shape: 'step', dashed: true, value: (t, c) => minuteOf(t, c)?.provisionedRcu ?? c.provisionedRcu },
  { key: 'tableTotalRcu', label: 'table total consumed RCU/s (CloudWatch, per minute)', unit: 'RCU', color: 'var(--violet)', shape: 'step', perMinute: true, value: (t, c) => minuteOf(t, c)?.totalRcu ?? null },
  { key: 'consumedRcu', label: 'job consumed RCU/s', unit: 'RCU', color: 'var(--accent)', shape: 'line', primary: true, value: (t) => t.consumedRcu },
];

/** One chart row: the time and each visible series' value. */
export type SeriesPoint = { atMs: number } & Record<string, number | null>;

/** The series of one unit that have at least one value in this context (CloudWatch ones once a minute of the job's span is published). */
export function visibleSeries(unit: CapacityUnit, context: SeriesContext, sample: JobTick | undefined): CapacitySeries[] {
  const fromMinute = sample ? minuteStartOf(sample.atMs) : -Infinity;
  const minutesInRange = [...context.minutes.keys()].some((start) => start >= fromMinute);
  return CAPACITY_SERIES.filter((s) => s.unit === unit && (s.perMinute ? minutesInRange : !sample || s.value(sample, context) !== null || hasMinuteValue(s, context)));
}

function minuteOf(tick: JobTick, context: SeriesContext): MinuteFigures | undefined {
  return context.minutes.size ? context.minutes.get(minuteStartOf(tick.atMs)) : undefined;
}

/** A provisioned line known only from CloudWatch (the table's details not read). */
function hasMinuteValue(series: CapacitySeries, context: SeriesContext): boolean {
  for (const m of context.minutes.values()) {
    if ((series.key === 'provisionedWcu' && m.provisionedWcu !== null) || (series.key === 'provisionedRcu' && m.provisionedRcu !== null)) return true;
  }
  return false;
}
