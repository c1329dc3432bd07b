import { memo, useState } from 'react';
import type { RateMode, RateModeName } from '../../../../shared/rate-modes';
import { command, errorWords } from '../../api/command';
import { draftOf, modeOf, modeWords, shareForTargets, type ModeDraft } from './mode-draft';
import { ReasonButton } from '../reason-button';

const MODES: { mode: RateModeName; label: string }[] = [
  { mode: 'fixed', label: 'Fixed' },
  { mode: 'fill', label: 'Fill' },
  { mode: 'share-of-organic', label: 'Share of organic' },
  { mode: 'windows', label: 'Windows' },
  { mode: 'on-demand-aware', label: 'On-demand aware' },
];

/**
 * The job's rate mode with its parameters, switchable while it runs (setJobMode): a
 * fixed rate, filling provisioned capacity, a share of organic traffic (with the
 * auto-scaling target helper), time windows in a zone, or on-demand aware. `heldBy` holds
 * the change (a fleet job still planning) and says why.
 */
export const ModeControl = memo(function ModeControl({ jobId, rateMode, rateWcuPerSecond, onError, heldBy = null }: ModeControlProps) {
  const [draft, setDraft] = useState<ModeDraft>(() => draftOf(rateMode, rateWcuPerSecond));
  const [open, setOpen] = useState(false);
  const set = (patch: Partial<ModeDraft>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <div className="mode-control" data-testid="mode-control">
      <div className="row mode-summary">
        <span>Mode: <strong data-testid="mode-current">{modeWords(rateMode)}</strong></span>
        <ReasonButton data-testid="mode-change" blockedBy={heldBy} onClick={() => { setDraft(draftOf(rateMode, rateWcuPerSecond)); setOpen((o) => !o); }}>{open ? 'Cancel' : 'Change mode…'}</ReasonButton>
      </div>
      {open && !heldBy && <ModeEditor jobId={jobId} draft={draft} set={set} onApplied={() => setOpen(false)} onError={onError} />}
    </div>
  );
}, (a, b) => a.jobId === b.jobId && a.heldBy === b.heldBy && a.rateWcuPerSecond === b.rateWcuPerSecond && a.onError === b.onError && JSON.stringify(a.rateMode) === JSON.stringify(b.rateMode));

interface ModeControlProps {
  jobId: string;
  rateMode: RateMode | null;
  rateWcuPerSecond: number;
  onError(message: string): void;
  /** Why the mode cannot change now (a fleet job still planning), or null. */
  heldBy?: string | null;
}

/** The open selector: the mode, its parameters, the target helper and Apply (checked with the contract's schema). */
function ModeEditor({ jobId, draft, set, onApplied, onError }: { jobId: string; draft: ModeDraft; set(patch: Partial<ModeDraft>): void; onApplied(): void; onError(message: string): void }) {
  const checked = modeOf(draft);
  const helper = shareForTargets(draft.oldTargetPercent, draft.newTargetPercent);
  const apply = async () => {
    if ('error' in checked) return;
    try {
      await command('setJobMode', { jobId, mode: checked.mode });
      onApplied();
    } catch (e) {
      onError(errorWords(e));
    }
  };
  const num = (key: keyof ModeDraft, label: string, unit: string) => (
    <label>{label}<span className="with-unit"><input type="number" min={0} step="any" data-testid={`mode-${key}`} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} /> <span className="muted small">{unit}</span></span></label>
  );
  return (
    <div className="subcard">
      <div className="segmented wrap" role="radiogroup" aria-label="Rate mode">
        {MODES.map((m) => <button key={m.mode} role="radio" aria-checked={draft.mode === m.mode} className={draft.mode === m.mode ? 'on' : ''} data-testid={`mode-pick-${m.mode}`} onClick={() => set({ mode: m.mode })}>{m.label}</button>)}
      </div>
      <div className="row">
        {(draft.mode === 'fixed' || draft.mode === 'on-demand-aware') && num('wcuPerSecond', draft.mode === 'fixed' ? 'Rate' : 'Rate wanted', 'WCU/s')}
        {draft.mode === 'fill' && num('sharePercent', 'Keep the table at', '% of provisioned')}
        {draft.mode === 'share-of-organic' && num('sharePercent', 'Run at', '% of organic traffic')}
        {draft.mode === 'windows' && (
          <>
            <label>From<input data-testid="mode-windowStart" value={draft.windowStart} onChange={(e) => set({ windowStart: e.target.value })} placeholder="01:00" /></label>
            <label>To<input data-testid="mode-windowEnd" value={draft.windowEnd} onChange={(e) => set({ windowEnd: e.target.value })} placeholder="05:00" /></label>
            <label>Time zone<input data-testid="mode-timeZone" value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} placeholder="Europe/Berlin" /></label>
            <label>Inside
              <select data-testid="mode-insideKind" value={draft.insideKind} onChange={(e) => set({ insideKind: e.target.value as 'rate' | 'fill' })}>
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
        <div className="row helper" data-testid="mode-target-helper">
          <span className="muted small">From an auto-scaling target change:</span>
          {num('oldTargetPercent', 'Target now', '%')}
          {num('newTargetPercent', 'Raised to', '%')}
          <ReasonButton data-testid="mode-use-helper" blockedBy={'error' in helper && helper.error} title="Use this share of the organic traffic" onClick={() => 'percent' in helper && set({ sharePercent: String(helper.percent) })}>
            {'percent' in helper ? `Use ${helper.percent}%` : 'Use'}
          </ReasonButton>
          {'error' in helper && <span className="error-text small">{helper.error}</span>}
        </div>
      )}
      {draft.mode === 'on-demand-aware' && <p className="muted small">Never more than double the table's recent peak within 30 minutes, and under its maximum throughput when one is set.</p>}
      <div className="row">
        <ReasonButton className="primary" data-testid="mode-apply" blockedBy={'error' in checked && checked.error} title="Switch the running job to this mode" onClick={() => void apply()}>Apply mode</ReasonButton>
        {'error' in checked && <span className="error-text small" data-testid="mode-error">{checked.error}</span>}
      </div>
    </div>
  );
}
