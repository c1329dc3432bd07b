import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { backfillSpecFromFlags, type BackfillFlags } from '../../../electron/cli/backfill-command';
import { rateModeFromFlags, withRateModeOptions, type RateModeFlags } from '../../../electron/cli/rate-mode-options';

/** The flags as commander parses them from a command line. */
function flagsOf(argv: string[]): RateModeFlags {
  const command = withRateModeOptions(new Command('x').exitOverride());
  command.parse(argv, { from: 'user' });
  return command.opts<RateModeFlags>();
}

const mode = (argv: string[]) => rateModeFromFlags(flagsOf(argv));

describe('the rate mode flags of capstan load and capstan backfill', () => {
  it('default to a fixed 1,000 WCU/s, and --rate sets the fixed rate', () => {
    expect(mode([])).toEqual({ mode: 'fixed', wcuPerSecond: 1000 });
    expect(mode(['--rate', '250'])).toEqual({ mode: 'fixed', wcuPerSecond: 250 });
  });

  it('make fill, share-of-organic (fraction or percentage) and on-demand-aware modes', () => {
    expect(mode(['--rate-mode', 'fill'])).toEqual({ mode: 'fill', share: 0.95 });
    expect(mode(['--rate-mode', 'fill', '--share', '0.7'])).toEqual({ mode: 'fill', share: 0.7 });
    expect(mode(['--rate-mode', 'share-of-organic', '--share', '20%'])).toEqual({ mode: 'share-of-organic', share: 0.2 });
    expect(mode(['--rate-mode', 'on-demand-aware', '--rate', '4000'])).toEqual({ mode: 'on-demand-aware', wcuPerSecond: 4000 });
  });

  it('make windows from repeated --window flags, with days, a zone, and a rate or fill inside', () => {
    expect(mode(['--rate-mode', 'windows', '--window', '22:00-06:00', '--window', '1:00-05:30@Sat,sun', '--time-zone', 'Europe/Berlin', '--rate', '300'])).toEqual({
      mode: 'windows', windows: [{ start: '22:00', end: '06:00' }, { start: '01:00', end: '05:30', days: ['sat', 'sun'] }], timeZone: 'Europe/Berlin', inside: { kind: 'rate', wcuPerSecond: 300 },
    });
    expect(mode(['--rate-mode', 'windows', '--window', '22:00-06:00', '--time-zone', 'UTC', '--inside', 'fill', '--share', '0.6'])).toEqual({
      mode: 'windows', windows: [{ start: '22:00', end: '06:00' }], timeZone: 'UTC', inside: { kind: 'fill', share: 0.6 },
    });
  });

  it('refuse in words flags the mode does not use and values it cannot take', () => {
    expect(() => mode(['--rate-mode', 'fastest'])).toThrow('--rate-mode must be one of fixed, fill, share-of-organic, windows, on-demand-aware, not "fastest"');
    expect(() => mode(['--rate-mode', 'fill', '--rate', '100'])).toThrow(/decides its own write rate: leave out --rate/);
    expect(() => mode(['--share', '0.2'])).toThrow(/--share applies to --rate-mode fill/);
    expect(() => mode(['--window', '22:00-06:00'])).toThrow('--window applies to --rate-mode windows only');
    expect(() => mode(['--rate-mode', 'share-of-organic'])).toThrow(/needs --share/);
    expect(() => mode(['--rate-mode', 'windows'])).toThrow(/needs at least one --window/);
    expect(() => mode(['--rate-mode', 'windows', '--window', '22-6'])).toThrow(/--window must look like 22:00-06:00/);
    expect(() => mode(['--rate-mode', 'windows', '--window', '22:00-06:00@funday'])).toThrow(/"fun" is not a day/);
    expect(() => mode(['--rate-mode', 'windows', '--window', '25:00-06:00', '--time-zone', 'UTC'])).toThrow(/HH:MM/);
    expect(() => mode(['--rate-mode', 'windows', '--window', '22:00-06:00', '--time-zone', 'Mars/Base'])).toThrow(/unknown IANA time zone/);
    expect(() => mode(['--rate', 'fast'])).toThrow('--rate must be a number above zero, not "fast"');
    expect(() => mode(['--rate-mode', 'fill', '--share', 'most'])).toThrow(/--share must be a fraction/);
  });

  it('give a backfill its write mode beside its read rate, and --max-rate as the job\'s ceiling', () => {
    const flags: BackfillFlags = {
      ...flagsOf(['--rate-mode', 'share-of-organic', '--share', '0.2', '--max-rate', '400']),
      table: 'orders', op: 'count', name: [], value: [], ttlAttribute: 'ttl', days: '0', type: 'S', drop: [], set: [], readRate: '150', backup: 'none', dataDir: '/tmp', endpoint: 'http://127.0.0.1:1',
    };
    const spec = backfillSpecFromFlags(flags);
    expect(spec.rate).toEqual({ mode: 'share-of-organic', share: 0.2, rcuPerSecond: 150 });
    expect(spec.limits.maxWcuPerSecond).toBe(400);
  });
});
