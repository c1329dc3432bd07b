/** Small statistics and number formatting shared by the benches that print tables. */

/** `n` with thousands separators and exactly `digits` decimals (en-US). */
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The arithmetic mean (NaN for no values). */
export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The median: the middle value, or the mean of the two middle ones. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The value at quantile `q` (0..1) of the sorted values, taken from below (no interpolation). */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** The population standard deviation. */
export function stdev(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}

/** A row of per-second values as table cells: mean, vs target, stdev, p5, median, p95, min–max. */
export function spreadCells(xs: number[], target: number): string[] {
  const avg = mean(xs);
  return [fmt(avg), `${fmt(((avg - target) / target) * 100, 2)}%`, fmt(stdev(xs)), fmt(quantile(xs, 0.05)), fmt(quantile(xs, 0.5)), fmt(quantile(xs, 0.95)), `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`];
}
