/**
 * Number and time formatting for people: thousands separators, units, durations. Shared
 * by the renderer, the CLI and reports so every face says the same thing the same way.
 */

/** 12,345 — whole numbers with separators. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1,234.5 WCU/s — a rate with its unit. */
export function formatRate(n: number, unit: string): string {
  const digits = n < 10 ? 1 : 0;
  return `${n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

/** 1.2 MB — bytes in the largest fitting unit (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  // Compare the value as it will be printed: 1,023.96 KB would read "1,024 KB", not "1 MB".
  const shown = (v: number, u: number) => (u === 0 ? Math.round(v) : Math.round(v * 10) / 10);
  while (shown(value, unit) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('en-US', { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** 1h 02m 03s — a duration in seconds. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${String(rest).padStart(2, '0')}s`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** 45.2% — a fraction as a percentage. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
}
