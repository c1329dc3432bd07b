import { useState } from 'react';
import type { BackfillJobSnapshot } from '../../../../shared/job-status';
import { command, errorWords } from '../../api/command';
import { ReasonButton } from '../reason-button';

/** A backfill's scan rate (RCU/s), changeable while it runs; applied on Enter or Apply. */
export function ReadRateControl({ job, onError }: { job: BackfillJobSnapshot; onError(message: string): void }) {
  const [draft, setDraft] = useState('');
  const current = job.readRateRcuPerSecond;
  const value = Number(draft);
  const valid = draft !== '' && value > 0 && value !== current;
  const apply = async () => {
    if (!valid) return;
    try {
      await command('setJobReadRate', { jobId: job.id, rcuPerSecond: value });
      setDraft('');
    } catch (e) {
      onError(errorWords(e));
    }
  };
  return (
    <div className="rate-control" data-testid="read-rate-control">
      <label htmlFor="read-rate-number">Read rate</label>
      <input id="read-rate-number" type="number" min={1} className="rate-number" data-testid="read-rate-number" value={draft} placeholder={String(current)}
        onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void apply(); }} />
      <span className="muted small">RCU/s</span>
      <ReasonButton data-testid="apply-read-rate" blockedBy={!valid && `Type a read rate above 0 RCU/s (now ${current})`} title="Set the read rate" onClick={() => void apply()}>Apply</ReasonButton>
    </div>
  );
}
