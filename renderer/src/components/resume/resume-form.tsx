import { useState } from 'react';
import type { RunSummary } from '../../../../shared/contract';
import type { ResumeChanges } from '../../../../shared/resume-changes';
import { formatCount } from '../../../../shared/format';
import { useAppStore } from '../../store/app-store';
import { ReasonButton } from '../reason-button';

/**
 * What a resume may change before the job continues from its checkpoint: the write rate
 * and, for a load, spreading. Left empty, the rate is the one the run ended with
 * (changes made while it ran are kept, not the rate it was started with).
 */
export function ResumeForm({ run, busy, onResume, onCancel }: { run: RunSummary; busy: boolean; onResume(changes: ResumeChanges): void; onCancel(): void }) {
  const lastRate = useAppStore((s) => s.jobs[run.id]?.rateWcuPerSecond ?? null);
  const [rate, setRate] = useState('');
  const [spread, setSpread] = useState(run.spec.kind === 'load' ? run.spec.source.spread : true);
  const rateNumber = Number(rate);
  const rateError = rate.trim() !== '' && !(rateNumber > 0) ? 'A rate is a positive number of WCU/s.' : null;
  const changes: ResumeChanges = {
    ...(rate.trim() !== '' && rateNumber > 0 ? { wcuPerSecond: rateNumber } : {}),
    ...(run.spec.kind === 'load' && spread !== run.spec.source.spread ? { spread } : {}),
  };
  return (
    <div className="resume-form" data-testid={`resume-form-${run.id}`}>
      <label>
        Write rate (WCU/s)
        <input data-testid="resume-rate" type="number" min={1} value={rate} onChange={(e) => setRate(e.target.value)}
          placeholder={lastRate !== null ? `as left: ${formatCount(lastRate)}` : 'as the run left it'} />
      </label>
      {run.spec.kind === 'load' && (
        <label className="inline"><input type="checkbox" data-testid="resume-spread" checked={spread} onChange={(e) => setSpread(e.target.checked)} /> Spread writes</label>
      )}
      <ReasonButton className="primary" data-testid="resume-confirm" blockedBy={rateError ?? (busy && 'Resuming…')} title="Resume the job with these settings" onClick={() => onResume(changes)}>▶ Resume</ReasonButton>
      <button onClick={onCancel}>Cancel</button>
      {rateError && <span className="error-text small">{rateError}</span>}
    </div>
  );
}
