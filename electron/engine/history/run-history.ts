import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { jobSpecSchema, type JobSpec } from '../../../shared/job-spec';
import type { BackfillTrialResult } from '../../../shared/backfill-spec';
import type { JobReport } from '../../../shared/job-report';
import { isFinalState, makeJobSnapshot, totalsFromStored, type JobSnapshot } from '../../../shared/job-status';
import type { RunSummary, StoredRunView } from '../../../shared/contract';
import { readJsonIfExists } from '../checkpoint/checkpoint-file';
import { JobLogFile } from '../lifecycle/job-log-file';
import { TickLog } from '../lifecycle/tick-log';
import { isJobId } from '../../../shared/job-id';
import { startingRate } from '../../../shared/rate-modes';

/** What a job folder holds that the history needs. */
interface StoredRun {
  id: string;
  spec: JobSpec;
  report: JobReport | null;
  checkpoint: { totals: unknown; savedAtMs: number; startedAtMs: number | null } | null;
}

/**
 * Every run kept on disk (`<dataDir>/jobs/<id>/`): finished ones with their report, and
 * interrupted ones (a crash, a quit) with their checkpoint, which can be resumed.
 */
export class RunHistory {
  constructor(private readonly dataDir: string) {}

  /** Summaries of every stored run, newest first; `live` overrides runs of this session. */
  async list(live: Map<string, JobSnapshot>): Promise<RunSummary[]> {
    let ids: string[];
    try {
      ids = await readdir(join(this.dataDir, 'jobs'));
    } catch {
      return [];
    }
    const runs = await Promise.all(ids.map((id) => this.read(id)));
    return runs
      .filter((run): run is StoredRun => run !== null)
      .map((run) => summarize(run, live.get(run.id)))
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  /** One stored run as a read-only dashboard shows it. */
  async get(id: string): Promise<StoredRunView | null> {
    const run = await this.read(id);
    if (!run) return null;
    const summary = summarize(run, undefined);
    const ticks = run.report?.series ?? (await TickLog.read(join(this.dataDir, 'jobs', id, 'ticks.jsonl')));
    const log = await JobLogFile.read(join(this.dataDir, 'jobs', id, 'log.jsonl'));
    return { summary, snapshot: snapshotOf(run, summary), ticks, report: run.report, log };
  }

  /** A stored trial run's findings (trial.json), or null. */
  async trialResult(id: string): Promise<BackfillTrialResult | null> {
    if (!isJobId(id)) return null;
    return readJsonIfExists<BackfillTrialResult>(join(this.dataDir, 'jobs', id, 'trial.json')).catch(() => null);
  }

  private async read(id: string): Promise<StoredRun | null> {
    if (!isJobId(id)) return null;
    const dir = join(this.dataDir, 'jobs', id);
    const [specJson, report, checkpoint] = await Promise.all([
      readJsonIfExists<unknown>(join(dir, 'spec.json')).catch(() => null),
      readJsonIfExists<JobReport>(join(dir, 'report.json')).catch(() => null),
      readJsonIfExists<StoredRun['checkpoint']>(join(dir, 'checkpoint.json')).catch(() => null),
    ]);
    const parsed = jobSpecSchema.safeParse(report?.job.spec ?? specJson);
    if (!parsed.success) return null;
    return { id, spec: parsed.data, report, checkpoint };
  }
}

function createdAtOf(id: string, fallback: number): number {
  // Ids carry their UTC start: kind-YYYYMMDD-HHMMSS-xxxxxx.
  const m = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(id);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : fallback;
}

function summarize(run: StoredRun, live: JobSnapshot | undefined): RunSummary {
  if (live) {
    const ended = isFinalState(live.state);
    return {
      id: run.id, kind: run.spec.kind, spec: live.spec, state: live.state, live: !ended, interrupted: false,
      createdAtMs: live.createdAtMs, startedAtMs: live.startedAtMs, endedAtMs: live.endedAtMs,
      totals: live.totals, cost: live.cost, resumable: ended && live.state !== 'completed',
    };
  }
  const report = run.report;
  // Reports and checkpoints of earlier versions keep totals without their kind: read them as the spec's kind.
  const totals = totalsFromStored(run.spec.kind, report?.totals ?? run.checkpoint?.totals ?? null);
  const state = report?.job.state ?? 'stopped';
  return {
    id: run.id, kind: run.spec.kind, spec: run.spec, state, live: false, interrupted: !report,
    createdAtMs: report?.times.createdAtMs ?? createdAtOf(run.id, run.checkpoint?.savedAtMs ?? 0),
    startedAtMs: report?.times.startedAtMs ?? run.checkpoint?.startedAtMs ?? null,
    endedAtMs: report?.times.endedAtMs ?? run.checkpoint?.savedAtMs ?? null,
    totals, cost: report?.cost ?? null,
    // Any run that did not complete left work: records pending, or input never read.
    resumable: state !== 'completed' && (report?.reconciliation.workLeft ?? true),
  };
}

/**
 * The write rate the run last held: the last second with a target (the final partial
 * second's target is 0, and a read-only run never had one), else the spec's start rate.
 */
export function lastSetRate(run: { spec: JobSpec; report: JobReport | null }): number {
  const series = run.report?.series ?? [];
  for (let i = series.length - 1; i >= 0; i--) if (series[i]!.targetWcuPerSecond > 0) return series[i]!.targetWcuPerSecond;
  return run.spec.kind === 'load' ? startingRate(run.spec.rate) : 0;
}

function snapshotOf(run: StoredRun, summary: RunSummary): JobSnapshot {
  return makeJobSnapshot({
    id: run.id, state: summary.state,
    createdAtMs: summary.createdAtMs, startedAtMs: summary.startedAtMs, endedAtMs: summary.endedAtMs,
    rateWcuPerSecond: lastSetRate(run),
    error: run.report?.error ?? (summary.interrupted ? { name: 'Interrupted', message: 'This run ended without a report (the process was stopped or crashed); resume it from its checkpoint.' } : null),
    rejectsFile: run.report?.rejects.file ?? null,
    cost: summary.cost,
    pauseReason: null,
    pausedBy: null,
    capacity: run.report ? { decision: null, organic: null, minutes: [], cloudwatchProblem: null, diagnosis: run.report.diagnosis ?? [] } : null,
  }, run.spec, summary.totals);
}
