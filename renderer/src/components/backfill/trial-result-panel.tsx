import type { BackfillTrialResult } from '../../../../shared/backfill-spec';
import { formatUsd } from '../../../../shared/cost/money-format';
import { formatCount, formatDuration, formatPercent } from '../../../../shared/format';
import type { WriteForecast } from '../../../../shared/capacity/write-forecast';
import { CapacityForecast } from '../capacity/capacity-forecast';
import { StatTile } from '../dashboard/stat-tile';
import { refusalForUi } from './refusal-words';
import { ttlWords } from './ttl-preview';

/**
 * What a trial found on its sample and what the whole job would take: items that would
 * change, an example before and after with the exact request, projected RCU, WCU,
 * duration at the chosen rates and cost, and whether a real run would be refused.
 */
export function TrialResultPanel({ trial, ttlAttribute = null, forecast = null }: { trial: BackfillTrialResult; ttlAttribute?: string | null; forecast?: WriteForecast | null }) {
  const p = trial.projected;
  // The writes may take longer than the rates say: the table's capacity holds them back.
  const durationSeconds = forecast ? Math.max(p.durationSeconds, forecast.seconds) : p.durationSeconds;
  const example = trial.examples[0];
  return (
    <div className="subcard" data-testid="trial-result">
      <p>
        Sampled <strong>{formatCount(trial.sampledSegments)} of {formatCount(trial.totalSegments)}</strong> segments ({formatPercent(trial.sampledSegments / Math.max(1, trial.totalSegments))}):
        {' '}<strong data-testid="trial-scanned">{formatCount(trial.scanned)}</strong> items read, <strong data-testid="trial-would-change">{formatCount(trial.wouldChange)}</strong> would change,
        {' '}{formatCount(trial.unchanged)} unchanged{trial.failed ? `, ${formatCount(trial.failed)} failed` : ''}.
      </p>
      <div className="stats">
        <StatTile label="Items (projected)" value={formatCount(p.items)} testId="trial-items" />
        <StatTile label="Changes (projected)" value={formatCount(p.changes)} testId="trial-changes" />
        <StatTile label="Read capacity" value={`${formatCount(Math.ceil(p.rcu))} RCU`} testId="trial-rcu" />
        <StatTile label="Write capacity" value={`${formatCount(Math.ceil(p.wcu))} WCU`} testId="trial-wcu" />
        <StatTile label="Duration" value={formatDuration(durationSeconds)} testId="trial-duration" />
        <StatTile label="Cost" value={p.costUsd === null ? 'no price' : formatUsd(p.costUsd)} testId="trial-cost" />
      </div>
      <p className="muted small">Duration at {formatCount(p.rcuPerSecond)} RCU/s and {formatCount(p.wcuPerSecond)} WCU/s{durationSeconds > p.durationSeconds ? ', held back by the table\'s write capacity (below)' : ''}. Nothing was written.</p>
      {forecast && <CapacityForecast forecast={forecast} rateWcuPerSecond={p.wcuPerSecond} naiveSeconds={p.durationSeconds} />}
      {example && <p className="small" data-testid="trial-example-change"><strong>Example change:</strong> {changeWords(example.before, example.after, ttlAttribute)}</p>}
      {example && (
        <div className="before-after" data-testid="trial-example">
          <div><div className="stat-label">Before</div><pre className="json">{JSON.stringify(example.before, null, 1)}</pre></div>
          <div><div className="stat-label">After</div><pre className="json">{example.after === null ? '(deleted)' : example.after === 'unknown' ? '(computed by DynamoDB from the update expression)' : JSON.stringify(example.after, null, 1)}</pre></div>
          <div><div className="stat-label">Request sent</div><pre className="json">{JSON.stringify(example.request, null, 1)}</pre></div>
        </div>
      )}
      {trial.safety.refusal.length > 0 && (
        <p className="warn-text small" data-testid="trial-refusal">A real run as specified would be refused: {trial.safety.refusal.map(refusalForUi).join('; ')}.</p>
      )}
    </div>
  );
}

/** A value as the change line shows it: a TTL's epoch seconds also as a date. */
function valueWords(name: string, value: unknown, ttlAttribute: string | null): string {
  const n = (value as { N?: unknown } | null)?.N;
  if (name === ttlAttribute && typeof n === 'string' && Number.isFinite(Number(n))) return ttlWords(Number(n));
  return JSON.stringify(value);
}

/** What the operation does to the example item, attribute by attribute, in one line. */
function changeWords(before: Record<string, unknown>, after: Record<string, unknown> | null | 'unknown', ttlAttribute: string | null): string {
  if (after === null) return 'the item is deleted.';
  if (after === 'unknown') return 'DynamoDB computes the new item from the update expression.';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(after)) {
    if (!(name in before)) parts.push(`${name} set to ${valueWords(name, value, ttlAttribute)}`);
    else if (JSON.stringify(before[name]) !== JSON.stringify(value)) parts.push(`${name} changed to ${valueWords(name, value, ttlAttribute)}`);
  }
  for (const name of Object.keys(before)) if (!(name in after)) parts.push(`${name} removed`);
  return parts.length ? `${parts.join('; ')}.` : 'no change.';
}
