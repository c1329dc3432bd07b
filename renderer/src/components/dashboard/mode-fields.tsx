import type { RateModeName } from '../../../../shared/rate-modes';
import { shareForTargets, type ModeDraft } from './mode-draft';
import { ReasonButton } from '../reason-button';

const MODES: { mode: RateModeName; label: string }[] = [
  { mode: 'fixed', label: 'Fixed' },
  { mode: 'fill', label: 'Fill' },
  { mode: 'share-of-organic', label: 'Share of organic' },
  { mode: 'windows', label: 'Windows' },
  { mode: 'on-demand-aware', label: 'On-demand aware' },
];

/**
 * The rate mode's choice and its parameters as fields: the dashboard's mode switch and
 * the backfill wizard's write rate use this one component, so a mode is offered, worded
 * and checked (mode-draft.ts `modeOf`) the same way wherever it is chosen. `testId` names
 * a field's test id (the dashboard's `mode-<field>` unless given).
 */
export function ModeFields({ draft, set, testId = (key) => `mode-${key}` }: { draft: ModeDraft; set(patch: Partial<ModeDraft>): void; testId?: (key: string) => string }) {
  const helper = shareForTargets(draft.oldTargetPercent, draft.newTargetPercent);
  const num = (key: keyof ModeDraft, label: string, unit: string) => (
    <label>{label}<span className="with-unit"><input type="number" min={0} step="any" data-testid={testId(key)} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} /> <span className="muted small">{unit}</span></span></label>
  );
  return (
    <>
      <div className="segmented wrap" role="radiogroup" aria-label="Rate mode">
        {MODES.map((m) => <button key={m.mode} type="button" role="radio" aria-checked={draft.mode === m.mode} className={draft.mode === m.mode ? 'on' : ''} data-testid={testId(`pick-${m.mode}`)} onClick={() => set({ mode: m.mode })}>{m.label}</button>)}
      </div>
      <div className="row">
        {(draft.mode === 'fixed' || draft.mode === 'on-demand-aware') && num('wcuPerSecond', draft.mode === 'fixed' ? 'Rate' : 'Rate wanted', 'WCU/s')}
        {draft.mode === 'fill' && num('sharePercent', 'Keep the table at', '% of provisioned')}
        {draft.mode === 'share-of-organic' && num('sharePercent', 'Run at', '% of organic traffic')}
        {draft.mode === 'windows' && (
          <>
            <label>From<input data-testid={testId('windowStart')} value={draft.windowStart} onChange={(e) => set({ windowStart: e.target.value })} placeholder="01:00" /></label>
            <label>To<input data-testid={testId('windowEnd')} value={draft.windowEnd} onChange={(e) => set({ windowEnd: e.target.value })} placeholder="05:00" /></label>
            <label>Time zone<input data-testid={testId('timeZone')} value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} placeholder="Europe/Berlin" /></label>
            <label>Inside
              <select data-testid={testId('insideKind')} value={draft.insideKind} onChange={(e) => set({ insideKind: e.target.value as 'rate' | 'fill' })}>
                <option value="rate">a fixed rate</option>
                <option value="fill">fill provisioned</option>
              </select>
            </label>
            {draft.insideKind === 'rate' ? num('wcuPerSecond', 'Rate', 'WCU/s') : num('sharePercent', 'Fill to', '%')}
          </>
        )}
        {num('maxWcuPerSecond', 'Never above (optional)', 'WCU/s')}
      </div>
      {draft.mode === 'share-of-organic' && (
        <div className="row helper" data-testid={testId('target-helper')}>
          <span className="muted small">From an auto-scaling target change:</span>
          {num('oldTargetPercent', 'Target now', '%')}
          {num('newTargetPercent', 'Raised to', '%')}
          <ReasonButton data-testid={testId('use-helper')} blockedBy={'error' in helper && helper.error} title="Use this share of the organic traffic" onClick={() => 'percent' in helper && set({ sharePercent: String(helper.percent) })}>
            {'percent' in helper ? `Use ${helper.percent}%` : 'Use'}
          </ReasonButton>
          {'error' in helper && <span className="error-text small">{helper.error}</span>}
        </div>
      )}
      {draft.mode === 'on-demand-aware' && <p className="muted small">Never more than double the table's recent peak within 30 minutes, and under its maximum throughput when one is set.</p>}
    </>
  );
}
