/**
 * Axis ticks people can read: values at 1, 2 or 5 times a power of ten, and elapsed
 * times at whole seconds, minutes and hours. The axis is stretched to the last tick so
 * the top gridline is labelled.
 */

/** Ticks from 0 (or `min`) to a round number at or above `max`, about `maxTicks` of them. */
export interface NiceAxis {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** The 1-2-5 step that splits `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, maxTicks);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** A value axis covering [min, max] with round ticks; an empty range becomes [min, min + 1]. */
export function niceAxis(min: number, max: number, maxTicks = 5): NiceAxis {
  const lo = Number.isFinite(min) ? min : 0;
  const hi = Number.isFinite(max) && max > lo ? max : lo + 1;
  const step = niceStep(hi - lo, maxTicks);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step * 1e-9; i++) ticks.push(roundToStep(start + i * step, step));
  return { min: start, max: end, step, ticks };
}

/** Removes float noise such as 0.30000000000000004 at the step's precision. */
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 12)));
}

const ELAPSED_STEPS_SECONDS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
];

/** The whole-unit time step (1 s ... 1 week) that splits `spanSeconds` into at most `maxTicks` intervals. */
export function elapsedStepSeconds(spanSeconds: number, maxTicks: number): number {
  const raw = spanSeconds / Math.max(1, maxTicks);
  return ELAPSED_STEPS_SECONDS.find((s) => s >= raw) ?? Math.ceil(raw / 604_800) * 604_800;
}

/** Ticks for an elapsed-time axis from 0 to `spanSeconds`, at a whole-unit step. */
export function elapsedTicks(spanSeconds: number, maxTicks = 8): number[] {
  const span = spanSeconds > 0 ? spanSeconds : 1;
  const step = elapsedStepSeconds(span, maxTicks);
  const ticks: number[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** `0`, `30 s`, `5 min`, `1 h 30 min`, `36 h`, `2 d 4 h` — a tick label for elapsed time (hours up to two days). */
export function formatElapsedTick(seconds: number): string {
  const s = Math.round(seconds);
  if (s === 0) return '0';
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 172_800) {
    const m = Math.floor((s % 3600) / 60);
    return m === 0 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 3600)} h ${m} min`;
  }
  const h = Math.floor((s % 86_400) / 3600);
  return h === 0 ? `${Math.floor(s / 86_400)} d` : `${Math.floor(s / 86_400)} d ${h} h`;
}
