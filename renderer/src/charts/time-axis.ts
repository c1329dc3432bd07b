/**
 * Time-axis labels for charts: clock times in the zone the operator chose, short enough
 * for a tick, with the zone's name given once in the axis caption.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(utc: boolean, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${utc}-${withSeconds}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...(utc ? { timeZone: 'UTC' } : {}), hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
    cache.set(key, f);
  }
  return f;
}

/** `14:03:12` (spans under an hour) or `14:03` for a tick label. */
export function axisTime(epochMs: number, utc: boolean, spanMs: number): string {
  return formatter(utc, spanMs < 3_600_000).format(new Date(epochMs));
}

/** The short name of the zone times are shown in: `UTC`, `CET`, `GMT+2`. */
export function zoneName(utc: boolean): string {
  if (utc) return 'UTC';
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'local';
}
