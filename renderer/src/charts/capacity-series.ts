import type { JobTick } from '../../../shared/job-status';

/** The capacity unit a chart shows. */
export type CapacityUnit = 'WCU' | 'RCU';

/** Facts about the table that some series draw (from describeTable; null when unknown). */
export interface SeriesContext {
  provisionedWcu: number | null;
  provisionedRcu: number | null;
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
  value(tick: JobTick, context: SeriesContext): number | null;
}

/** Every series the capacity chart knows, in drawing order. */
export const CAPACITY_SERIES: readonly CapacitySeries[] = [
  { key: 'provisionedWcu', label: 'table provisioned WCU', unit: 'WCU', color: 'var(--red)', shape: 'step', dashed: true, value: (_t, c) => c.provisionedWcu },
  { key: 'targetWcu', label: 'job target WCU/s', unit: 'WCU', color: 'var(--amber)', shape: 'step', dashed: true, value: (t) => t.targetWcuPerSecond },
  { key: 'consumedWcu', label: 'job consumed WCU/s', unit: 'WCU', color: 'var(--accent)', shape: 'line', primary: true, value: (t) => t.consumedWcu },
  { key: 'provisionedRcu', label: 'table provisioned RCU', unit: 'RCU', color: 'var(--red)', shape: 'step', dashed: true, value: (_t, c) => c.provisionedRcu },
  { key: 'consumedRcu', label: 'job consumed RCU/s', unit: 'RCU', color: 'var(--accent)', shape: 'line', primary: true, value: (t) => t.consumedRcu },
];

/** One chart row: the time and each visible series' value. */
export type SeriesPoint = { atMs: number } & Record<string, number | null>;

/** The series of one unit that have at least one value in this context. */
export function visibleSeries(unit: CapacityUnit, context: SeriesContext, sample: JobTick | undefined): CapacitySeries[] {
  return CAPACITY_SERIES.filter((s) => s.unit === unit && (!sample || s.value(sample, context) !== null));
}
