import { useEffect, useState } from 'react';
import { formatBytes, formatCount, formatDuration, formatPercent, formatRate } from '../../../shared/format';
import { isFinalState, jobProgress, type JobTick } from '../../../shared/job-status';
import { jobSubject, jobTitle } from '../../../shared/job-title';
import { api } from '../api/capstan-api';
import { CostPanel } from '../components/cost-panel';
import { StateBadge } from '../components/state-badge';
import { ThroughputChart } from '../components/throughput-chart';
import { useAppStore } from '../store/app-store';

const NO_TICKS: JobTick[] = [];

/** The live dashboard of one job: progress, throughput, controls and its event log. */
export function JobDashboard({ jobId }: { jobId: string }) {
  const job = useAppStore((s) => s.jobs[jobId]);
  const ticks = useAppStore((s) => s.ticks[jobId] ?? NO_TICKS);
  const logs = useAppStore((s) => s.logs[jobId]);
  const setError = useAppStore((s) => s.setError);
  const [rateDraft, setRateDraft] = useState<number | null>(null);

  useEffect(() => {
    // Ticks from before this page was opened (the job keeps running when no one watches).
    void api.getJobTicks({ jobId }).then((history) => {
      useAppStore.setState((s) => ((s.ticks[jobId]?.length ?? 0) >= history.length ? s : { ticks: { ...s.ticks, [jobId]: history } }));
    });
  }, [jobId]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const running = job?.state === 'running';
  const paused = job?.state === 'paused';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || (e.target as HTMLElement | null)?.closest('input, select, textarea, button')) return;
      e.preventDefault();
      if (running) void act(() => api.pauseJob({ jobId }));
      else if (paused) void act(() => api.resumeJob({ jobId }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!job) return <div className="page muted">No such job.</div>;
  const t = job.totals;
  const fraction = jobProgress(t);
  const last = ticks.length ? ticks[ticks.length - 1] : undefined;
  const recent = ticks.slice(-5);
  const itemsPerSecond = recent.length ? recent.reduce((s, x) => s + x.written, 0) / recent.length : 0;
  const wcuPerSecond = recent.length ? recent.reduce((s, x) => s + x.consumedWcu, 0) / recent.length : 0;
  const elapsed = job.startedAtMs ? ((job.endedAtMs ?? last?.atMs ?? job.startedAtMs) - job.startedAtMs) / 1000 : 0;
  const eta = fraction > 0.01 && running ? (elapsed / fraction) * (1 - fraction) : NaN;
  const pending = t.read - t.written - t.rejected;
  const final = isFinalState(job.state);
  const rate = rateDraft ?? job.rateWcuPerSecond;
  const sliderMax = Math.max(2000, Math.ceil((job.rateWcuPerSecond * 4) / 1000) * 1000);

  return (
    <div className="page dashboard" data-testid="job-dashboard">
      <div className="dash-head">
        <div>
          <h1>{jobTitle(job.spec)} <StateBadge state={job.state} /></h1>
          <p className="muted small mono">{job.id} · {jobSubject(job.spec)}</p>
        </div>
        <div className="controls">
          {running && <button data-testid="pause-job" onClick={() => void act(() => api.pauseJob({ jobId }))}>❚❚ Pause</button>}
          {paused && <button className="primary" data-testid="resume-job" onClick={() => void act(() => api.resumeJob({ jobId }))}>▶ Resume</button>}
          {(job.state === 'stopped' || job.state === 'failed') && <button data-testid="resume-job" onClick={() => void act(() => api.resumeJob({ jobId }))}>▶ Resume from checkpoint</button>}
          {!final && <button className="danger" data-testid="stop-job" onClick={() => void act(() => api.stopJob({ jobId }))}>■ Stop</button>}
        </div>
      </div>

      {job.error && <div className="banner error" data-testid="job-error">{job.error.message}</div>}
      {job.pauseReason && <div className="banner warn" data-testid="pause-reason">{job.pauseReason} Raise the ceiling below, then resume.</div>}

      <section className="card">
        <div className="progress-line">
          <div className="progress" data-testid="job-progress" aria-valuenow={Math.round(fraction * 100)} role="progressbar">
            <div className={`progress-fill ${paused ? 'paused' : ''}`} style={{ width: `${fraction * 100}%` }} />
          </div>
          <strong data-testid="job-percent">{formatPercent(fraction)}</strong>
        </div>
        <div className="stats">
          <Stat label="Written" value={formatCount(t.written)} testId="stat-written" />
          <Stat label="Rejected" value={formatCount(t.rejected)} testId="stat-rejected" tone={t.rejected ? 'warn' : undefined} />
          <Stat label="Pending" value={formatCount(pending)} testId="stat-pending" />
          <Stat label="Items/s" value={formatCount(itemsPerSecond)} testId="stat-items-per-second" />
          <Stat label="WCU/s" value={formatRate(wcuPerSecond, '')} testId="stat-wcu" />
          <Stat label="Latency p50 / p99" value={last?.latencyP50Ms != null ? `${last.latencyP50Ms} / ${last.latencyP99Ms ?? '—'} ms` : '—'} />
          <Stat label="Throttled" value={formatCount(t.throttled)} tone={t.throttled ? 'warn' : undefined} />
          <Stat label={final ? 'Took' : 'ETA'} value={final ? formatDuration(elapsed) : formatDuration(eta)} />
        </div>
        <p className="muted small" data-testid="reconciliation">
          read {formatCount(t.read)} = written {formatCount(t.written)} + rejected {formatCount(t.rejected)} + pending {formatCount(pending)} · {formatBytes(t.bytesRead)} of {formatBytes(t.bytesTotal)} · {formatRate(t.consumedWcu, 'WCU')} consumed
        </p>
      </section>

      <section className="card">
        <div className="card-head">
          <h2>Throughput</h2>
          {!final && (
            <div className="rate-control">
              <label htmlFor="rate-slider">Rate</label>
              <input id="rate-slider" type="range" min={10} max={sliderMax} step={10} value={rate} data-testid="rate-slider"
                onChange={(e) => setRateDraft(Number(e.target.value))}
                onPointerUp={() => rateDraft && void act(() => api.setJobRate({ jobId, wcuPerSecond: rateDraft })).then(() => setRateDraft(null))} />
              <input type="number" min={1} className="rate-number" data-testid="rate-number" value={rate}
                onChange={(e) => setRateDraft(Number(e.target.value))}
                onKeyDown={(e) => { if (e.key === 'Enter' && rateDraft) void act(() => api.setJobRate({ jobId, wcuPerSecond: rateDraft })).then(() => setRateDraft(null)); }} />
              <span className="muted small">WCU/s</span>
              <button data-testid="apply-rate" disabled={!rateDraft || rateDraft === job.rateWcuPerSecond} onClick={() => rateDraft && void act(() => api.setJobRate({ jobId, wcuPerSecond: rateDraft })).then(() => setRateDraft(null))}>Apply</button>
            </div>
          )}
        </div>
        <ThroughputChart ticks={ticks} />
      </section>

      <CostPanel job={job} onError={setError} />

      <section className="card">
        <h2>Event log</h2>
        <ol className="log" data-testid="job-log">
          {(logs ?? []).slice(-200).map((line, i) => (
            <li key={i} className={`log-${line.level}`}>
              <span className="mono muted">{new Date(line.atMs).toLocaleTimeString()}</span> {line.message}
            </li>
          ))}
          {!logs?.length && <li className="muted">Nothing yet.</li>}
        </ol>
      </section>
    </div>
  );
}

function Stat({ label, value, testId, tone }: { label: string; value: string; testId?: string; tone?: 'warn' }) {
  return (
    <div className={`stat ${tone ?? ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>{value}</div>
    </div>
  );
}
