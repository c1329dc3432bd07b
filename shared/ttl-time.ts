/**
 * TTL arithmetic shared by the add-ttl operation (engine) and the backfill wizard's
 * preview (renderer), so the dates the operator sees are the ones the job writes.
 */

const DAY_SECONDS = 86_400;

/**
 * Epoch seconds of a DynamoDB value holding a date: a number (epoch seconds, or
 * milliseconds when it is 1e11 or more), numeric text, or ISO-8601 text (a bare date is
 * midnight UTC). Null when the value is not a date.
 */
export function epochSecondsOf(value: Readonly<Record<string, unknown>>): number | null {
  if (typeof value.N === 'string') {
    const n = Number(value.N);
    if (!Number.isFinite(n)) return null;
    return Math.floor(Math.abs(n) >= 1e11 ? n / 1000 : n);
  }
  if (typeof value.S === 'string') {
    const text = value.S.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) return epochSecondsOf({ N: text });
    if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
    return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
  }
  return null;
}

/** The TTL add-ttl writes for a date value: its epoch seconds plus `addDays` days (null: not a date). */
export function ttlSecondsFor(value: Readonly<Record<string, unknown>>, addDays: number): number | null {
  const from = epochSecondsOf(value);
  return from === null ? null : from + Math.round(addDays * DAY_SECONDS);
}

/** An epoch-seconds TTL as the operator reads it: `2025-03-31 14:00 UTC`. */
export function ttlDateWords(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
