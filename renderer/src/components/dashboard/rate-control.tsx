import { useState } from 'react';
import { fleetPlanningRefusal } from '../../../../shared/fleet-status';
import type { JobSnapshot } from '../../../../shared/job-status';
import { command, errorWords } from '../../api/command';
import { ReasonButton } from '../reason-button';

/**
 * The job's write rate: a slider for quick moves and a number for exact ones. A change
 * applies on release, Enter or Apply, and reaches every worker at once. While a fleet job's
 * coordinator plans, the rate cannot change yet: the inputs are held and Apply says why.
 */
export function RateControl({ job, onError }: { job: JobSnapshot; onError(message: string): void }) {
  const [draft, setDraft] = useState<number | null>(null);
  const maxLimit = job.spec.kind === 'load' ? job.spec.limits.maxWcuPerSecond : undefined;
  const sliderMax = maxLimit ?? Math.max(2000, Math.ceil((job.rateWcuPerSecond * 4) / 1000) * 1000);
  const value = draft ?? job.rateWcuPerSecond;
  const planning = job.fleet?.planning ? fleetPlanningRefusal('A rate change') : null;
  const valid = planning === null && draft !== null && draft > 0 && (maxLimit === undefined || draft <= maxLimit);
  const apply = async () => {
    if (planning !== null || !valid || draft === job.rateWcuPerSecond) { setDraft(null); return; }
    try {
      await command('setJobRate', { jobId: job.id, wcuPerSecond: draft });
      setDraft(null);
    } catch (e) {
      onError(errorWords(e));
    }
  };
  return (
    <div className="rate-control" data-testid="rate-control">
      <label htmlFor="rate-slider">Write rate</label>
      <input id="rate-slider" type="range" min={10} max={sliderMax} step={10} value={Math.min(value, sliderMax)} data-testid="rate-slider" disabled={planning !== null} title={planning ?? undefined}
        onChange={(e) => setDraft(Number(e.target.value))} onPointerUp={() => void apply()} onKeyUp={(e) => { if (e.key.startsWith('Arrow')) void apply(); }} />
      <input type="number" min={1} max={maxLimit} className="rate-number" data-testid="rate-number" value={value} aria-label="Write rate in WCU per second" disabled={planning !== null} title={planning ?? undefined}
        onChange={(e) => setDraft(Number(e.target.value))} onKeyDown={(e) => { if (e.key === 'Enter') void apply(); }} />
      <span className="muted small">WCU/s</span>
      <ReasonButton data-testid="apply-rate" onClick={() => void apply()} showReason={planning !== null} reasonTestId="rate-blocked-reason"
        blockedBy={planning ?? (draft === null || draft === job.rateWcuPerSecond ? `The rate set is ${job.rateWcuPerSecond.toLocaleString('en-US')} WCU/s: type or slide to another rate` : !valid && `Give a rate from 1${maxLimit !== undefined ? ` to ${maxLimit.toLocaleString('en-US')} (the job's maximum)` : ''} WCU/s`)}
        title={draft === null ? undefined : `Set the write rate to ${draft.toLocaleString('en-US')} WCU/s`}>Apply</ReasonButton>
      {maxLimit !== undefined && <span className="muted small">max {maxLimit.toLocaleString('en-US')}</span>}
    </div>
  );
}
