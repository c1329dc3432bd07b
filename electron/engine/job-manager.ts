import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertJobId } from '../../shared/job-id';
import type { JobSpec } from '../../shared/job-spec';
import type { EngineEvent } from '../../shared/contract';
import type { JobSnapshot, JobTick } from '../../shared/job-status';
import { isFinalState } from '../../shared/job-status';
import { readJsonIfExists } from './checkpoint/checkpoint-file';
import { LiveSettingsFile, readLiveSettings } from './checkpoint/live-settings-file';
import { applyLiveSettings } from '../../shared/resume-changes';
import type { ClientTarget } from './dynamo/client-target';
import { createJob } from './create-job';
import { JobLogFile } from './lifecycle/job-log-file';
import type { EngineJob } from './lifecycle/engine-job';
import type { JobReport } from '../../shared/job-report';

/** What the job manager needs from the engine around it. */
export interface JobManagerOptions {
  /** Jobs keep their spec, checkpoint, rejects and report under `<dataDir>/jobs/<id>/`. */
  dataDir: string;
  /** Built worker entries by name (out/main/<name>.js). */
  workerScripts: Record<string, string>;
  resolveTarget(spec: JobSpec): ClientTarget;
  emit(event: EngineEvent): void;
}

/**
 * Owns every job's lifecycle: creates its folder, runs it, routes operator actions to it,
 * and turns its updates into engine events. Jobs run independently of any window.
 */
export class JobManager {
  private readonly jobs = new Map<string, { job: EngineJob; finished: Promise<void> }>();

  constructor(private readonly options: JobManagerOptions) {}

  /** Starts a new job from a validated spec. */
  async start(spec: JobSpec): Promise<JobSnapshot> {
    const id = newJobId(spec.kind);
    const directory = join(this.options.dataDir, 'jobs', id);
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, 'spec.json'), JSON.stringify(spec, null, 2));
    return this.launch(id, spec, directory, false);
  }

  /** Resumes a stopped, failed or crashed job from its checkpoint, never skipping a record. */
  async resume(id: string, adjust: (spec: JobSpec) => JobSpec = (spec) => spec): Promise<JobSnapshot> {
    assertJobId(id);
    const running = this.jobs.get(id);
    if (running && !isFinalState(running.job.snapshot().state)) throw new Error(`Job ${id} is still running`);
    const directory = join(this.options.dataDir, 'jobs', id);
    const checkpoint = await readJsonIfExists<{ spec?: JobSpec }>(join(directory, 'checkpoint.json'));
    const saved = checkpoint?.spec ?? (await readJsonIfExists<JobSpec>(join(directory, 'spec.json')));
    if (!saved) throw new Error(`No job ${id} in ${join(this.options.dataDir, 'jobs')}`);
    // Rate, mode and cost ceiling as the operator left them, not as the job was started.
    const live = await readLiveSettings(directory);
    const spec = live ? applyLiveSettings(saved, live) : saved;
    return this.launch(id, adjust(spec), directory, true);
  }

  /** A running or finished job of this session. */
  get(id: string): EngineJob {
    const entry = this.jobs.get(id);
    if (!entry) throw new Error(`No job ${id} in this session`);
    return entry.job;
  }

  /** A job of this session, or undefined. */
  find(id: string): EngineJob | undefined {
    return this.jobs.get(id)?.job;
  }

  /** Every job of this session. */
  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((e) => e.job.snapshot());
  }

  /** Ticks of a job so far. */
  ticks(id: string): JobTick[] {
    return this.get(id).tickHistory();
  }

  /** Resolves when the job has ended; returns its report. */
  async waitForEnd(id: string): Promise<JobReport | null> {
    const entry = this.jobs.get(id);
    if (!entry) throw new Error(`No job ${id} in this session`);
    await entry.finished;
    return entry.job.finalReport();
  }

  /**
   * The report of a job as it is on disk, or null when none could be written (a full
   * disk): what a headless run's exit code is decided from, never the one in memory.
   */
  async reportOnDisk(id: string): Promise<JobReport | null> {
    return readJsonIfExists<JobReport>(join(this.options.dataDir, 'jobs', id, 'report.json')).catch(() => null);
  }

  /** Job ids found on disk (this session's and earlier ones). */
  async storedJobIds(): Promise<string[]> {
    try {
      return (await readdir(join(this.options.dataDir, 'jobs'))).sort();
    } catch {
      return [];
    }
  }

  /** Stops every running job gracefully (app shutdown). */
  async stopAll(): Promise<void> {
    for (const { job } of this.jobs.values()) job.stop();
    await Promise.all([...this.jobs.values()].map((e) => e.finished));
  }

  private launch(id: string, spec: JobSpec, directory: string, resume: boolean): JobSnapshot {
    const logFile = new JobLogFile(join(directory, 'log.jsonl'));
    const liveSettings = new LiveSettingsFile(directory);
    const job: EngineJob = createJob({
      id, spec, directory,
      target: this.options.resolveTarget(spec),
      workerScripts: this.options.workerScripts,
      onUpdate: (update) => {
        if (update.kind === 'tick') this.options.emit({ kind: 'job.tick', jobId: id, tick: update.tick, job: job.snapshot() });
        else if (update.kind === 'state') {
          const snapshot = job.snapshot();
          liveSettings.save(snapshot);
          this.options.emit({ kind: 'job.state', job: snapshot });
        }
        else {
          const line = { atMs: Date.now(), level: update.level, message: update.message };
          logFile.add(line);
          this.options.emit({ kind: 'job.log', jobId: id, ...line });
        }
      },
    });
    const finished = job.run(resume).then(() => Promise.all([logFile.settled(), liveSettings.settled()])).then(() => undefined);
    this.jobs.set(id, { job, finished });
    return job.snapshot();
  }
}

/** A sortable, readable job id: kind, UTC time, random suffix. */
export function newJobId(kind: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${kind}-${stamp}-${randomBytes(3).toString('hex')}`;
}
