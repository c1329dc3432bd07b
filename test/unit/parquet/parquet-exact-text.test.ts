import { describe, expect, it } from 'vitest';
import { bigIntFromTwosComplement, decimalText, epochText, isoDate, isoTimeOfDay, isoTimestamp, trimmedDecimalText } from '../../../electron/engine/source/parquet/parquet-exact-text';

describe('decimal text', () => {
  it('scales unscaled integers exactly, signs and leading zeros included', () => {
    expect(decimalText(12345n, 2)).toBe('123.45');
    expect(decimalText(-5n, 2)).toBe('-0.05');
    expect(decimalText(0n, 3)).toBe('0.000');
    expect(decimalText(7n, 0)).toBe('7');
    expect(decimalText(7n, -3)).toBe('7000');
    // 38 digits: past any double's precision.
    expect(decimalText(12345678901234567890123456789012345678n, 10)).toBe('1234567890123456789012345678.9012345678');
    expect(trimmedDecimalText(1709294400123000n, 6)).toBe('1709294400.123');
    expect(trimmedDecimalText(-1000n, 3)).toBe('-1');
    expect(trimmedDecimalText(0n, 6)).toBe('0');
  });

  it('reads big-endian two\'s complement of any width', () => {
    expect(bigIntFromTwosComplement(Uint8Array.from([0x30, 0x39]))).toBe(12345n);
    expect(bigIntFromTwosComplement(Uint8Array.from([0xff, 0xfb]))).toBe(-5n);
    expect(bigIntFromTwosComplement(new Uint8Array(16).fill(0xff))).toBe(-1n);
    expect(bigIntFromTwosComplement(Uint8Array.from([0x7f, ...new Uint8Array(15).fill(0xff)]))).toBe(2n ** 127n - 1n);
    expect(bigIntFromTwosComplement(new Uint8Array(0))).toBe(0n);
  });
});

describe('ISO and epoch text of dates and times', () => {
  it('agrees with Date for milliseconds across many centuries, before and after 1970', () => {
    let state = 12345;
    const random = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const ms = Math.floor((random() - 0.5) * 2 * 8.6e15);
      expect(isoTimestamp(BigInt(ms), 'MILLIS', true)).toBe(new Date(ms).toISOString());
    }
    expect(isoTimestamp(-1n, 'MILLIS', true)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('keeps the full fraction of micro- and nanoseconds, and Z only for UTC', () => {
    expect(isoTimestamp(1709294400123456n, 'MICROS', true)).toBe('2024-03-01T12:00:00.123456Z');
    expect(isoTimestamp(1709294400123456789n, 'NANOS', true)).toBe('2024-03-01T12:00:00.123456789Z');
    expect(isoTimestamp(-1n, 'NANOS', false)).toBe('1969-12-31T23:59:59.999999999');
    expect(isoTimestamp(253402300800000000n, 'MICROS', true)).toBe('+010000-01-01T00:00:00.000000Z');
  });

  it('gives epoch seconds and milliseconds as exact decimals', () => {
    expect(epochText(1709294400123456n, 'MICROS', 'epoch-seconds')).toBe('1709294400.123456');
    expect(epochText(1709294400123456n, 'MICROS', 'epoch-ms')).toBe('1709294400123.456');
    expect(epochText(1709294400000n, 'MILLIS', 'epoch-seconds')).toBe('1709294400');
    expect(epochText(-1n, 'NANOS', 'epoch-ms')).toBe('-0.000001');
  });

  it('writes dates and times of day', () => {
    expect(isoDate(0)).toBe('1970-01-01');
    expect(isoDate(19783)).toBe('2024-03-01');
    expect(isoDate(-719528)).toBe('0000-01-01');
    expect(isoTimeOfDay(49507250, 'MILLIS')).toBe('13:45:07.250');
    expect(isoTimeOfDay(49507250001n, 'MICROS')).toBe('13:45:07.250001');
  });
});
