/**
 * Times for the operator, always with their zone: local by default, UTC when the
 * operator asked for it (a run watched from one zone and discussed in another).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(utc: boolean, withDate: boolean): Intl.DateTimeFormat {
  const key = `${utc}-${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      ...(utc ? { timeZone: 'UTC' } : {}),
      ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    });
    formatters.set(key, f);
  }
  return f;
}

/** `14:03:12 UTC` or `15:03:12 CET`: a clock time with its zone. */
export function formatClock(epochMs: number, utc: boolean): string {
  if (!Number.isFinite(epochMs)) return '—';
  return partsText(formatter(utc, false).formatToParts(new Date(epochMs)), false);
}

/** `2025-03-04 14:03:12 UTC`: a date and time with its zone. */
export function formatDateTime(epochMs: number, utc: boolean): string {
  if (!Number.isFinite(epochMs)) return '—';
  return partsText(formatter(utc, true).formatToParts(new Date(epochMs)), true);
}

function partsText(parts: Intl.DateTimeFormatPart[], withDate: boolean): string {
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
  return withDate ? `${part('year')}-${part('month')}-${part('day')} ${time}` : time;
}
