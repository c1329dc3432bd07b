/**
 * Exact text for the numbers Parquet stores as scaled integers: DECIMAL's unscaled value
 * and the ticks of DATE, TIME and TIMESTAMP. Everything goes through BigInt, never a
 * double, so an INT64 past 2^53 or a 38-digit decimal keeps every digit.
 */

/** `unscaled / 10^scale` as decimal text: -12345n with scale 2 is "-123.45"; a negative scale appends zeros. */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale <= 0) return unscaled === 0n ? '0' : (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** Decimal text without trailing fractional zeros ("12.500" -> "12.5", "3.000" -> "3"). */
export function trimmedDecimalText(unscaled: bigint, scale: number): string {
  const text = decimalText(unscaled, scale);
  if (scale <= 0) return text;
  const trimmed = text.replace(/\.?0+$/, '');
  return trimmed === '-0' || trimmed === '' ? '0' : trimmed;
}

/** A big-endian two's complement integer (DECIMAL in BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY). */
export function bigIntFromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  if (bytes[0]! & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return value;
}

/** Ticks per second and fraction digits of a time unit. */
export const UNIT_DIGITS = { MILLIS: 3, MICROS: 6, NANOS: 9 } as const;
export type TimeUnitName = keyof typeof UNIT_DIGITS;

/** Ticks per second of each unit, as a number and a BigInt. */
const PER_SECOND = { MILLIS: 1_000, MICROS: 1_000_000, NANOS: 1_000_000_000 } as const;
const PER_SECOND_BIG = { MILLIS: 1_000n, MICROS: 1_000_000n, NANOS: 1_000_000_000n } as const;

/**
 * Whole seconds (floor) and the remaining ticks of a tick count. Plain numbers while the
 * ticks are a safe integer (milli- and microseconds within centuries of 1970), BigInt past it.
 */
function splitSeconds(ticks: bigint | number, unit: TimeUnitName): { seconds: number; fraction: number } {
  const perSecond = PER_SECOND[unit];
  const t = Number(ticks);
  if (Number.isSafeInteger(t)) {
    let seconds = Math.floor(t / perSecond);
    let fraction = t - seconds * perSecond;
    // The division is rounded; step back or forward when it landed on the wrong second.
    if (fraction < 0) { seconds -= 1; fraction += perSecond; } else if (fraction >= perSecond) { seconds += 1; fraction -= perSecond; }
    return { seconds, fraction };
  }
  const big = BigInt(ticks);
  const per = PER_SECOND_BIG[unit];
  let seconds = big / per;
  if (big % per !== 0n && big < 0n) seconds -= 1n;
  return { seconds: Number(seconds), fraction: Number(big - seconds * per) };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** Years ISO text can show: four digits, or up to six with a sign (Date's expanded form). */
const MAX_YEAR = 999_999;

/** "YYYY-MM-DD" of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil-from-days, in plain numbers). */
function civilDate(days: number): string | null {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (Math.abs(year) > MAX_YEAR || !Number.isFinite(year)) return null;
  const yearText = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
  return `${yearText}-${pad2(month)}-${pad2(day)}`;
}

/** "HH:MM:SS" of a second of the day. */
function clockText(secondOfDay: number): string {
  return `${pad2(Math.floor(secondOfDay / 3600))}:${pad2(Math.floor(secondOfDay / 60) % 60)}:${pad2(secondOfDay % 60)}`;
}

/**
 * ISO 8601 text of a timestamp in ticks of `unit` since the epoch, with the unit's full
 * fraction (".123", ".123456" or ".123456789") and `Z` only when the column says UTC.
 */
export function isoTimestamp(ticks: bigint | number, unit: TimeUnitName, utc: boolean): string | null {
  const { seconds, fraction } = splitSeconds(ticks, unit);
  const days = Math.floor(seconds / 86_400);
  const date = civilDate(days);
  if (date === null) return null;
  return `${date}T${clockText(seconds - days * 86_400)}.${String(fraction).padStart(UNIT_DIGITS[unit], '0')}${utc ? 'Z' : ''}`;
}

/** ISO 8601 date ("2024-03-01") of a day count since the epoch. */
export function isoDate(days: number): string | null {
  return civilDate(days);
}

/** ISO 8601 time of day ("13:45:07.250") of ticks of `unit` since midnight. */
export function isoTimeOfDay(ticks: bigint | number, unit: TimeUnitName): string {
  const { seconds, fraction } = splitSeconds(ticks, unit);
  return `${clockText(seconds)}.${String(fraction).padStart(UNIT_DIGITS[unit], '0')}`;
}

/** Ticks of `unit` as exact seconds or milliseconds (decimals only where the unit is finer). */
export function epochText(ticks: bigint | number, unit: TimeUnitName, target: 'epoch-seconds' | 'epoch-ms'): string {
  const scale = UNIT_DIGITS[unit] - (target === 'epoch-ms' ? 3 : 0);
  if (typeof ticks === 'number' && scale === 0) return String(ticks);
  return trimmedDecimalText(BigInt(ticks), scale);
}
