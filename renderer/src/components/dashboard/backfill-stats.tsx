import { formatCount, formatDuration, formatRate } from '../../../../shared/format';
import type { BackfillJobSnapshot } from '../../../../shared/job-status';
import { isReadOnlyOperation } from '../../../../shared/backfill-spec';
import { StatTile } from './stat-tile';

/**
 * A backfill's figures in its own terms: items scanned and what became of them
 * (changed, unchanged, skipped because the application changed them, failed), scan
 * segments done, and the read and write rates.
 */
export function BackfillStats({ job, live, average, final, elapsedSeconds, etaSeconds }: {
  job: BackfillJobSnapshot; live: boolean; final: boolean; elapsedSeconds: number; etaSeconds: number;
  average(pick: (tick: { read: number; written: number; consumedWcu: number; consumedRcu: number }) => number): number;
}) {
  const t = job.totals;
  const readOnly = isReadOnlyOperation(job.spec.operation);
  const pending = t.read - t.written - t.rejected - t.unchanged - t.skipped;
  return (
    <>
      <div className="stats">
        <StatTile label="Scanned" value={formatCount(t.read)} testId="stat-scanned" />
        <StatTile label="Changed" value={formatCount(t.written)} testId="stat-changed" />
        <StatTile label="Unchanged" value={formatCount(t.unchanged)} testId="stat-unchanged" />
        <StatTile label="Skipped (changed concurrently)" value={formatCount(t.skipped)} testId="stat-skipped" />
        <StatTile label="Failed" value={formatCount(t.rejected)} testId="stat-failed" tone={t.rejected ? 'warn' : undefined} />
        <StatTile label="Segments" value={t.segmentsTotal ? `${formatCount(t.segmentsDone)} / ${formatCount(t.segmentsTotal)}` : '—'} testId="stat-segments" />
        <StatTile label="Items/s scanned" value={live ? formatCount(average((x) => x.read)) : '—'} testId="stat-items-per-second" />
        <StatTile label="RCU/s" value={live ? formatRate(average((x) => x.consumedRcu), '') : '—'} testId="stat-rcu" />
        <StatTile label="WCU/s" value={live ? formatRate(average((x) => x.consumedWcu), '') : '—'} testId="stat-wcu" />
        {/* A count or a find only reads: it has no write rate to show. */}
        <StatTile label={readOnly ? 'Read rate set' : 'Rates set'} value={readOnly ? `${formatCount(job.readRateRcuPerSecond)} RCU/s` : `${formatCount(job.readRateRcuPerSecond)} RCU/s · ${formatCount(job.rateWcuPerSecond)} WCU/s`} testId="stat-rate" />
        <StatTile label="Throttled requests" title="Scan or write requests DynamoDB turned back for lack of capacity; Capstan backed off and retried each one" value={formatCount(t.throttled)} testId="stat-throttled" tone={t.throttled ? 'warn' : undefined} />
        <StatTile label={final ? 'Took' : 'ETA'} value={formatDuration(final ? elapsedSeconds : etaSeconds)} testId="stat-eta" />
      </div>
      <p className="muted small" data-testid="reconciliation">
        scanned {formatCount(t.read)} = changed {formatCount(t.written)} + unchanged {formatCount(t.unchanged)} + skipped {formatCount(t.skipped)} + failed {formatCount(t.rejected)} + pending {formatCount(pending)}
        {' '}· {formatRate(t.consumedRcu, 'RCU')} and {formatRate(t.consumedWcu, 'WCU')} consumed
      </p>
    </>
  );
}
