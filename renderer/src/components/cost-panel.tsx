import { useState } from 'react';
import { formatUsd } from '../../../shared/cost';
import { fleetPlanningRefusal } from '../../../shared/fleet-status';
import type { JobSnapshot } from '../../../shared/job-status';
import { isFinalState } from '../../../shared/job-status';
import { command, errorWords } from '../api/command';
import { ReasonButton } from './reason-button';

const BILLING_WORDS: Record<string, string> = {
  'on-demand': 'on-demand, per request',
  autoscaling: 'provisioned, auto scaling',
  fixed: 'provisioned, capacity added for the job',
  'already-paid': 'capacity already paid for',
};

/** The job's spend meter: spent so far, projected total, and the ceiling that pauses it (read-only for stored runs). */
export function CostPanel({ job, onError, readOnly = false }: { job: JobSnapshot; onError(message: string): void; readOnly?: boolean }) {
  const [draft, setDraft] = useState('');
  const cost = job.cost;
  // A fleet job still planning has no budget in Redis yet: the ceiling waits, as the engine says.
  const held = job.fleet?.planning ? fleetPlanningRefusal('A cost ceiling change') : null;
  const apply = async (value: number | null) => {
    try {
      await command('setJobLimits', { jobId: job.id, maxCostUsd: value });
      setDraft('');
    } catch (e) {
      onError(errorWords(e));
    }
  };
  return (
    <section className="card" data-testid="cost-panel">
      <div className="card-head">
        <h2>Cost</h2>
        <span className="muted small">{cost ? BILLING_WORDS[cost.billing] ?? cost.billing : 'no spend meter'}</span>
      </div>
      <div className="stats">
        <div className="stat"><div className="stat-label">Spent</div><div className="stat-value" data-testid="cost-spent">{cost ? formatUsd(cost.spentUsd) : '—'}</div></div>
        <div className="stat"><div className="stat-label">Projected total</div><div className="stat-value" data-testid="cost-projected">{cost ? (isFinalState(job.state) ? formatUsd(cost.spentUsd) : cost.projectionKnown ? formatUsd(cost.projectedTotalUsd) : 'paused') : '—'}</div></div>
        <div className="stat"><div className="stat-label">Ceiling</div><div className="stat-value" data-testid="cost-ceiling">{cost?.ceilingUsd != null ? formatUsd(cost.ceilingUsd) : 'none'}</div></div>
      </div>
      {!readOnly && !isFinalState(job.state) && (
        <div className="row">
          <label>
            Pause when cost would pass (USD)
            <input type="number" min={0.01} step={0.01} value={draft} placeholder={cost?.ceilingUsd != null ? String(cost.ceilingUsd) : 'no ceiling'} data-testid="cost-ceiling-input" onChange={(e) => setDraft(e.target.value)} />
          </label>
          <ReasonButton blockedBy={held ?? (!(Number(draft) > 0) && 'Type a ceiling in US dollars above 0')} title="Pause the job when its cost would pass this" onClick={() => void apply(Number(draft))} data-testid="apply-cost-ceiling">Set ceiling</ReasonButton>
          {cost?.ceilingUsd != null && <ReasonButton blockedBy={held} onClick={() => void apply(null)}>Remove ceiling</ReasonButton>}
        </div>
      )}
    </section>
  );
}
