import { Option, type Command } from 'commander';
import { WINDOW_DAYS, rateModeSchema, type RateMode, type RateModeInput, type WindowDay } from '../../shared/rate-modes';
import { collect } from './repeatable-option';

/**
 * The write rate flags every job command takes (`capstan load`, `capstan backfill`): a
 * rate mode of shared/rate-modes.ts from words on the command line, made once so both
 * commands spell, default and check them the same way. The mode is validated by the same
 * schema the spec, the wizard and the dashboard use.
 */

/** The rate mode flags as commander hands them over. */
export interface RateModeFlags {
  rateMode?: string;
  /** Without a default on purpose: a mode that decides its own rate refuses it. */
  rate?: string;
  share?: string;
  window: string[];
  timeZone?: string;
  inside?: string;
  maxRate?: string;
}

const MODES = ['fixed', 'fill', 'share-of-organic', 'windows', 'on-demand-aware'] as const;
/** The fixed rate when --rate is not given. */
export const DEFAULT_RATE_WCU = 1000;

/** Adds --rate-mode, --rate, --share, --window, --time-zone, --inside and --max-rate to a command. */
export function withRateModeOptions(command: Command): Command {
  return command
    .addOption(new Option('--rate-mode <mode>', 'how the write rate is decided: fixed | fill (a share of provisioned capacity) | share-of-organic (a share of the application\'s writes) | windows (only inside --window) | on-demand-aware').default('fixed'))
    .option('--rate <wcu>', `write capacity per second: the fixed rate (default ${DEFAULT_RATE_WCU}), the on-demand-aware rate, or the rate inside --window`)
    .option('--share <fraction>', 'fill: the share of provisioned capacity to fill (default 0.95); share-of-organic: the share of the application\'s writes (e.g. 0.2 or 20%); windows with --inside fill: as fill')
    .option('--window <HH:MM-HH:MM[@days]>', 'windows: a time window in --time-zone, e.g. 22:00-06:00 or 01:00-05:00@sat,sun (repeatable)', collect, [])
    .option('--time-zone <zone>', 'windows: the IANA time zone of the windows (default: this machine\'s)')
    .option('--inside <rate|fill>', 'windows: inside a window run at --rate (rate, the default) or fill provisioned capacity to --share (fill)')
    .option('--max-rate <wcu>', 'hard ceiling on the write rate, whatever the mode decides');
}

/** The rate mode the flags describe; refuses in words a flag the mode does not use or a value it cannot take. */
export function rateModeFromFlags(flags: RateModeFlags): RateMode {
  const modeName = flags.rateMode ?? 'fixed';
  if (!(MODES as readonly string[]).includes(modeName)) throw new Error(`--rate-mode must be one of ${MODES.join(', ')}, not "${modeName}"`);
  const mode = modeName as RateModeName;
  const inside = flags.inside ?? 'rate';
  if (inside !== 'rate' && inside !== 'fill') throw new Error(`--inside must be rate or fill, not "${inside}"`);
  const usesRate = mode === 'fixed' || mode === 'on-demand-aware' || (mode === 'windows' && inside === 'rate');
  const usesShare = mode === 'fill' || mode === 'share-of-organic' || (mode === 'windows' && inside === 'fill');
  if (flags.rate !== undefined && !usesRate) throw new Error(`--rate-mode ${mode}${mode === 'windows' ? ' --inside fill' : ''} decides its own write rate: leave out --rate (--max-rate sets a ceiling)`);
  if (flags.share !== undefined && !usesShare) throw new Error(`--share applies to --rate-mode fill, share-of-organic, or windows with --inside fill; not to --rate-mode ${mode}${mode === 'windows' ? ' --inside rate' : ''}`);
  if (mode !== 'windows') {
    for (const [flag, given] of [['--window', flags.window.length > 0], ['--time-zone', flags.timeZone !== undefined], ['--inside', flags.inside !== undefined]] as const) {
      if (given) throw new Error(`${flag} applies to --rate-mode windows only`);
    }
  }
  const rate = flags.rate === undefined ? DEFAULT_RATE_WCU : positiveNumber(flags.rate, '--rate');
  const share = flags.share === undefined ? undefined : fraction(flags.share);
  // --max-rate is the job's limit (limits.maxWcuPerSecond, maxRateFromFlags), which caps every mode's rate.
  let input: RateModeInput;
  switch (mode) {
    case 'fixed':
    case 'on-demand-aware':
      input = { mode, wcuPerSecond: rate };
      break;
    case 'fill':
      input = { mode, ...(share !== undefined ? { share } : {}) };
      break;
    case 'share-of-organic':
      if (share === undefined) throw new Error('--rate-mode share-of-organic needs --share, e.g. --share 0.2 to take 20% of what the application writes');
      input = { mode, share };
      break;
    case 'windows':
      if (flags.window.length === 0) throw new Error('--rate-mode windows needs at least one --window, e.g. --window 22:00-06:00');
      input = {
        mode, windows: flags.window.map(parseWindow), timeZone: flags.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        inside: inside === 'fill' ? { kind: 'fill', ...(share !== undefined ? { share } : {}) } : { kind: 'rate', wcuPerSecond: rate },
      };
      break;
  }
  const parsed = rateModeSchema.safeParse(input);
  if (!parsed.success) throw new Error(`The rate flags describe no valid rate mode: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'rate'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

type RateModeName = (typeof MODES)[number];

/** --max-rate as the job's `limits.maxWcuPerSecond`, or undefined. */
export function maxRateFromFlags(flags: RateModeFlags): number | undefined {
  return flags.maxRate === undefined ? undefined : positiveNumber(flags.maxRate, '--max-rate');
}

/** `22:00-06:00` or `22:00-06:00@mon,tue` as a window (the schema checks the times). */
function parseWindow(text: string): { start: string; end: string; days?: WindowDay[] } {
  const m = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*(?:@\s*(.+))?$/.exec(text);
  if (!m) throw new Error(`--window must look like 22:00-06:00 or 22:00-06:00@mon,tue, not "${text}"`);
  const pad = (hhmm: string) => hhmm.padStart(5, '0');
  if (m[3] === undefined) return { start: pad(m[1]!), end: pad(m[2]!) };
  const days = m[3].split(',').map((d) => d.trim().toLowerCase().slice(0, 3));
  for (const day of days) if (!(WINDOW_DAYS as readonly string[]).includes(day)) throw new Error(`--window "${text}": "${day}" is not a day (${WINDOW_DAYS.join(', ')})`);
  return { start: pad(m[1]!), end: pad(m[2]!), days: days as WindowDay[] };
}

function positiveNumber(text: string, flag: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a number above zero, not "${text}"`);
  return value;
}

/** A share as a fraction (0.2) or a percentage (20%). */
function fraction(text: string): number {
  const percent = text.trim().endsWith('%');
  const body = percent ? text.trim().slice(0, -1) : text.trim();
  const value = body === '' ? Number.NaN : Number(body);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--share must be a fraction such as 0.2 or a percentage such as 20%, not "${text}"`);
  return percent ? value / 100 : value;
}
