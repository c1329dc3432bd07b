import { memo, useState } from 'react';
import type { RateMode } from '../../../../shared/rate-modes';
import { command, errorWords } from '../../api/command';
import { draftOf, modeOf, modeWords, type ModeDraft } from './mode-draft';
import { ModeFields } from './mode-fields';
import { ReasonButton } from '../reason-button';

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
  const apply = async () => {
    if ('error' in checked) return;
    try {
      await command('setJobMode', { jobId, mode: checked.mode });
      onApplied();
    } catch (e) {
      onError(errorWords(e));
    }
  };
  return (
    <div className="subcard">
      <ModeFields draft={draft} set={set} />
      <div className="row">
        <ReasonButton className="primary" data-testid="mode-apply" blockedBy={'error' in checked && checked.error} title="Switch the running job to this mode" onClick={() => void apply()}>Apply mode</ReasonButton>
        {'error' in checked && <span className="error-text small" data-testid="mode-error">{checked.error}</span>}
      </div>
    </div>
  );
}
