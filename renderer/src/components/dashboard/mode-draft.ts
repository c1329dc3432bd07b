import { organicShareForTargetChange } from '../../../../shared/cost/organic-share';
import { rateModeSchema, type RateMode, type RateModeName } from '../../../../shared/rate-modes';

/** The mode selector's fields as typed; percentages as people write them (95, not 0.95). */
export interface ModeDraft {
  mode: RateModeName;
  wcuPerSecond: string;
  sharePercent: string;
  oldTargetPercent: string;
  newTargetPercent: string;
  windowStart: string;
  windowEnd: string;
  timeZone: string;
  insideKind: 'rate' | 'fill';
  maxWcuPerSecond: string;
}

/** The fields for a mode in force, so the selector opens on what the job does now. */
export function draftOf(mode: RateMode | null, rateWcuPerSecond: number): ModeDraft {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const base: ModeDraft = {
    mode: mode?.mode ?? 'fixed', wcuPerSecond: String(rateWcuPerSecond), sharePercent: '95', oldTargetPercent: '70', newTargetPercent: '80',
    windowStart: '01:00', windowEnd: '05:00', timeZone: local, insideKind: 'rate', maxWcuPerSecond: mode?.maxWcuPerSecond ? String(mode.maxWcuPerSecond) : '',
  };
  if (!mode) return base;
  switch (mode.mode) {
    case 'fixed':
    case 'on-demand-aware':
      return { ...base, wcuPerSecond: String(mode.wcuPerSecond) };
    case 'fill':
    case 'share-of-organic':
      return { ...base, sharePercent: String(round(mode.share * 100)) };
    case 'windows': {
      const w = mode.windows[0]!;
      return { ...base, windowStart: w.start, windowEnd: w.end, timeZone: mode.timeZone, insideKind: mode.inside.kind,
        ...(mode.inside.kind === 'rate' ? { wcuPerSecond: String(mode.inside.wcuPerSecond) } : { sharePercent: String(round(mode.inside.share * 100)) }) };
    }
  }
}

/** The share of organic traffic for an auto-scaling target change (70% → 80% gives 14.3%), or why not. */
export function shareForTargets(oldPercent: string, newPercent: string): { percent: number } | { error: string } {
  try {
    return { percent: round(organicShareForTargetChange(Number(oldPercent) / 100, Number(newPercent) / 100) * 100) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The rate mode the fields describe, checked with the contract's schema; errors in words. */
export function modeOf(d: ModeDraft): { mode: RateMode } | { error: string } {
  const max = d.maxWcuPerSecond.trim() ? { maxWcuPerSecond: Number(d.maxWcuPerSecond) } : {};
  const share = Number(d.sharePercent) / 100;
  let candidate: unknown;
  switch (d.mode) {
    case 'fixed':
    case 'on-demand-aware':
      candidate = { mode: d.mode, wcuPerSecond: Number(d.wcuPerSecond), ...max };
      break;
    case 'fill':
    case 'share-of-organic':
      candidate = { mode: d.mode, share, ...max };
      break;
    case 'windows':
      candidate = {
        mode: 'windows', windows: [{ start: d.windowStart, end: d.windowEnd }], timeZone: d.timeZone.trim(),
        inside: d.insideKind === 'rate' ? { kind: 'rate', wcuPerSecond: Number(d.wcuPerSecond) } : { kind: 'fill', share }, ...max,
      };
      break;
  }
  const parsed = rateModeSchema.safeParse(candidate);
  if (parsed.success) return { mode: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: issue ? `${issue.path.join('.') || 'mode'}: ${issue.message}` : 'invalid mode' };
}

/** A rate mode in words, for the dashboard's caption. */
export function modeWords(mode: RateMode | null): string {
  if (!mode) return 'fixed rate';
  const cap = mode.maxWcuPerSecond ? `, at most ${mode.maxWcuPerSecond.toLocaleString('en-US')} WCU/s` : '';
  switch (mode.mode) {
    case 'fixed':
      return `fixed at ${mode.wcuPerSecond.toLocaleString('en-US')} WCU/s${cap}`;
    case 'fill':
      return `fill ${round(mode.share * 100)}% of provisioned capacity${cap}`;
    case 'share-of-organic':
      return `${round(mode.share * 100)}% of organic traffic${cap}`;
    case 'windows':
      return `windows ${mode.windows.map((w) => `${w.start}-${w.end}`).join(', ')} ${mode.timeZone}, ${mode.inside.kind === 'rate' ? `${mode.inside.wcuPerSecond.toLocaleString('en-US')} WCU/s` : `fill ${round(mode.inside.share * 100)}%`} inside${cap}`;
    case 'on-demand-aware':
      return `on-demand aware, up to ${mode.wcuPerSecond.toLocaleString('en-US')} WCU/s${cap}`;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
