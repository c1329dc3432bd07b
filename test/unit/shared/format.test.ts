import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatPercent, formatRate } from '../../../shared/format';

// What the formatters can print is what e2e patterns must accept: these pin the edges
// (thousands separators, unit switches, rounding up to the next unit).
describe('formatters for people', () => {
  it('prints bytes in the largest fitting unit, never "1,024" of a unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1,023 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1023.2 * 1024)).toBe('1,023.2 KB');
    // 1,023.96 KB rounds to 1,024.0 at one decimal: it reads as the next unit.
    expect(formatBytes(1023.96 * 1024)).toBe('1 MB');
    expect(formatBytes(1023.6)).toBe('1 KB');
    expect(formatBytes(5.6 * 1024 * 1024)).toBe('5.6 MB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3 TB');
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2,048 TB');
  });

  it('puts thousands separators in counts and rates, one decimal below 10', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatRate(1234.4, 'WCU/s')).toBe('1,234 WCU/s');
    expect(formatRate(2.55, 'RCU/s')).toBe('2.6 RCU/s');
  });

  it('prints durations with hours and minutes once they are reached', () => {
    expect(formatDuration(59.4)).toBe('59s');
    expect(formatDuration(59.6)).toBe('1m 00s');
    expect(formatDuration(3725)).toBe('1h 02m 05s');
    expect(formatDuration(-1)).toBe('—');
  });

  it('prints a share with one decimal, 100.0% included', () => {
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.4523)).toBe('45.2%');
    expect(formatPercent(12.345)).toBe('1,234.5%');
  });
});
