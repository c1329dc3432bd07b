import { planningProgressWords } from '../../../../shared/fleet-status';
import { formatBytes, formatCount, formatDuration, formatPercent, formatRate } from '../../../../shared/format';
import { isFinalState, jobProgress, unchangedOf, type JobSnapshot, type JobTick } from '../../../../shared/job-status';
import { etaSeconds } from '../../format/job-eta';
import { useNow } from '../../hooks/use-now';
import { BackfillStats } from './backfill-stats';
import { StatTile } from './stat-tile';

/** Seconds the recent rates are averaged over, so one slow second does not jump the figures. */
const RECENT_SECONDS = 5;

/**
 * How far the job is and how fast: bar, percent, records, ETA, items/s, WCU/s, latency,
 * throttles, and the reconciliation that proves nothing was dropped. While a fleet job's
 * coordinator plans (its fleet snapshot says so), the caption says that instead of a byte line.
 */
export function ProgressCard({ job, ticks, tickCount }: { job: JobSnapshot; ticks: readonly JobTick[]; tickCount: number }) {
  const now = useNow();
  const t = job.totals;
  const fraction = jobProgress(t);
  const recent = ticks.slice(Math.max(0, tickCount - RECENT_SECONDS), tickCount);
  const last = ticks[tickCount - 1];
  const average = (f: (x: JobTick) => number) => (recent.length ? recent.reduce((s, x) => s + f(x), 0) / recent.length : 0);
  const live = job.state === 'running';
  const final = isFinalState(job.state);
  const pending = t.read - t.written - t.rejected - unchangedOf(t) - t.skipped;
  const endMs = job.endedAtMs ?? last?.atMs ?? job.startedAtMs ?? 0;
  const elapsed = job.startedAtMs ? (endMs - job.startedAtMs) / 1000 : 0;
  const total = t.recordsTotal;
  // A fleet job whose coordinator still plans has no byte total yet: the line says what happens instead.
  const planning = job.fleet?.planning;
  return (
    <section className="card" data-testid="progress-card">
      <div className="progress-line">
        <div className="progress" data-testid="job-progress" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100} role="progressbar">
          <div className={`progress-fill ${job.state === 'paused' ? 'paused' : ''} ${final && job.state !== 'completed' ? 'ended' : ''}`} style={{ width: `${fraction * 100}%` }} />
        </div>
        <strong className="percent" data-testid="job-percent">{formatPercent(fraction)}</strong>
      </div>
      <p className="muted small progress-caption" data-testid="progress-caption">
        {planning
          ? planningProgressWords(planning)
          : t.kind === 'backfill'
          ? `${formatCount(t.segmentsDone)} of ${t.segmentsTotal === 0 ? '?' : formatCount(t.segmentsTotal)} scan segments finished`
          : `${formatCount(t.written + t.rejected + t.skipped)} of ${total === null ? 'an unknown number of' : formatCount(total)} records settled · ${bytesWords(t.bytesRead, t.bytesTotal, final)}`}
      </p>
      {job.kind === 'backfill' ? (
        <BackfillStats job={job} live={live} final={final} average={average} elapsedSeconds={elapsed} etaSeconds={etaSeconds(job, Math.max(now, last?.atMs ?? 0))} />
      ) : (
        <>
          <div className="stats">
            <StatTile label="Written" value={formatCount(t.written)} testId="stat-written" />
            <StatTile label="Rejected" value={formatCount(t.rejected)} testId="stat-rejected" tone={t.rejected ? 'warn' : undefined} />
            {(t.skipped > 0 || job.spec.writeMode === 'insert-only') && <StatTile label="Skipped (already there)" value={formatCount(t.skipped)} testId="stat-skipped" />}
            <StatTile label="Pending" value={formatCount(pending)} testId="stat-pending" />
            {/* A finished run shows its averages over the run, as its report does, instead of dashes. */}
            <StatTile label={final && elapsed > 0 ? 'Items/s (average)' : 'Items/s'} value={live ? formatCount(average((x) => x.written)) : final && elapsed > 0 ? formatRate(t.written / elapsed, '') : '—'} testId="stat-items-per-second" />
            <StatTile label={final && elapsed > 0 ? 'WCU/s (average)' : 'WCU/s'} value={live ? formatRate(average((x) => x.consumedWcu), '') : final && elapsed > 0 ? formatRate(t.consumedWcu / elapsed, '') : '—'} testId="stat-wcu" />
            <StatTile label="Rate set" value={`${formatCount(Math.round(job.rateWcuPerSecond))} WCU/s`} testId="stat-rate" />
            <StatTile label="Rate in force" value={live && last ? `${formatCount(Math.round(last.targetWcuPerSecond))} WCU/s` : '—'} testId="stat-effective-rate"
              tone={live && last && last.targetWcuPerSecond < job.rateWcuPerSecond * 0.95 ? 'warn' : undefined} />
            <StatTile label="Latency p50 / p99" value={live && last?.latencyP50Ms != null ? `${formatCount(last.latencyP50Ms)} / ${last.latencyP99Ms == null ? '—' : formatCount(last.latencyP99Ms)} ms` : '—'} testId="stat-latency" />
            <StatTile label="Throttled items" title="Items DynamoDB turned back for lack of capacity; Capstan backed off and retried each one" value={formatCount(t.throttled)} testId="stat-throttled" tone={t.throttled ? 'warn' : undefined} />
            <StatTile label={final ? 'Took' : 'ETA'} value={final ? formatDuration(elapsed) : formatDuration(etaSeconds(job, Math.max(now, last?.atMs ?? 0)))} testId="stat-eta" />
          </div>
          <p className="muted small" data-testid="reconciliation">
            read {formatCount(t.read)} = written {formatCount(t.written)} + rejected {formatCount(t.rejected)}{t.skipped ? ` + skipped ${formatCount(t.skipped)}` : ''} + pending {formatCount(pending)} · {formatRate(t.consumedWcu, 'WCU')} consumed
            {job.totals.duplicates ? ` · ${formatCount(job.totals.duplicates)} duplicate keys merged` : ''}
          </p>
        </>
      )}
    </section>
  );
}

/** The bytes read against the input's size, or, before any size is known (nothing read yet, or a job stopped first), that nothing was read. */
function bytesWords(read: number, total: number, final: boolean): string {
  if (total > 0) return `${formatBytes(read)} of ${formatBytes(total)} read`;
  if (read > 0) return `${formatBytes(read)} read`;
  return final ? 'nothing was read' : 'nothing read yet';
}
