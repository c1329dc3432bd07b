/**
 * Times with their zone, for reports read far from where the job ran: `2025-03-04
 * 14:03:12 UTC`. An unknown zone name falls back to UTC rather than failing the export.
 */

/** The zone to use: the one asked for when the runtime knows it, else UTC. */
export function resolveTimeZone(timeZone?: string): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** Epoch ms as `YYYY-MM-DD HH:MM:SS <zone>` in the given IANA zone. */
export function formatZonedTime(epochMs: number, timeZone = 'UTC'): string {
  if (!Number.isFinite(epochMs)) return '—';
  const zone = resolveTimeZone(timeZone);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const zoneName = zone === 'UTC' ? 'UTC' : `${part('timeZoneName')} (${zone})`;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${zoneName}`;
}

/**
 * Epoch ms as `HH:MM:SS UTC`, for a time written into a log line's words: the line may be
 * read on a dashboard in another zone than the machine that wrote it (a fleet coordinator
 * on a server), so it says its zone, in the form the dashboard's event log gives its times.
 */
export function formatUtcClock(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}
