/** Seconds per reduced point, from a short list so that the step (and the buckets' edges) rarely move. */
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400];

/**
 * Seconds between redraws for a series of this length: one tick per point while every
 * tick has its own pixels, else the smallest "nice" step (2 s, 5 s, ... 10 min) that fits
 * the length into `buckets`.
 */
export function redrawStepSeconds(length: number, buckets: number): number {
  const needed = length / Math.max(1, buckets);
  return NICE_STEPS.find((s) => s >= needed) ?? Math.ceil(needed);
}

/**
 * How many ticks a long-run chart draws: a prefix that grows one step at a time, not one
 * tick at a time. On a day of history a step is minutes wide, so the chart is redrawn
 * when a step completes instead of re-reducing 86,400 points every second.
 */
export function stablePrefixLength(length: number, buckets: number): number {
  const step = redrawStepSeconds(length, buckets);
  return step === 1 ? length : Math.floor(length / step) * step;
}
