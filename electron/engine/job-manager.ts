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
import { queueUrlWithCredentials } from '../../shared/fleet-status';
import type { JobUpdate } from './lifecycle/engine-job';

/** What the job manager needs from the engine around it. */
export interface JobManagerOptions {
  /** Jobs keep their spec, checkpoint, rejects and report under `<dataDir>/jobs/<id>/`. */
  dataDir: string;
  /** Built worker entries by name (out/main/<name>.js). */
  workerScripts: Record<string, string>;
  resolveTarget(spec: JobSpec): ClientTarget;
  emit(event: EngineEvent): void;
  /** This Capstan's version: a fleet's workers refuse jobs planned by another. */
  capstanVersion?: string;
}

/** The user and password a fleet job's coordinator signs in to its queue with (never in the spec). */
export interface QueueCredentials {
  username: string | null;
  password: string;
}

/**
 * Owns every job's lifecycle: creates its folder, runs it, routes operator actions to it,
 * and turns its updates into engine events. Jobs run independently of any window.
 */
export class JobManager {
  private readonly jobs = new Map<string, { job: EngineJob; finished: Promise<void> }>();
  /** Queue URLs with their credentials, by the credential-free URL a spec holds; kept in memory only. */
  private readonly queueUrls = new Map<string, string>();

  constructor(private readonly options: JobManagerOptions) {}

  /** True when a fleet job of this session signed in to this queue (credential-free URL): a new run there needs no password typed again. */
  holdsQueueSignIn(queue: string): boolean {
    return this.queueUrls.has(queue);
  }

  /** Starts a new job from a validated spec; a fleet job's queue credentials come beside it. */
  async start(spec: JobSpec, queueCredentials?: QueueCredentials): Promise<JobSnapshot> {
    if (spec.fleet) return this.launchFleet(spec, null, queueCredentials);
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
    if (spec.fleet) return this.launchFleet(adjust(spec), id);
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

  /**
   * A fleet job: planned into Redis (or, with `attachTo`, attached to there) by its
   * coordinator, then run and steered like any job. Credentials given once are kept in
   * memory for this session, so a resume needs them not again.
   */
  private async launchFleet(spec: JobSpec, attachTo: string | null, credentials?: QueueCredentials): Promise<JobSnapshot> {
    const queue = spec.fleet!.queue;
    const queueUrl = credentials ? queueUrlWithCredentials(queue, credentials) : (this.queueUrls.get(queue) ?? queue);
    // Log lines said while planning come before the job has an id: kept, then written.
    const early: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
    let onUpdate: (update: JobUpdate) => void = (update) => {
      if (update.kind === 'log') early.push(update);
    };
    // Loaded on first use: the queue's client (BullMQ, Redis) costs memory a local job never needs.
    const { openFleetEngineJob } = await import('./fleet-engine-job');
    const job = await openFleetEngineJob(spec, {
      queueUrl, dataDir: this.options.dataDir, capstanVersion: this.options.capstanVersion ?? 'unknown',
      clientTarget: this.options.resolveTarget(spec), attachTo, onUpdate: (_id, update) => onUpdate(update),
    });
    // Signed in: the sign-in (or that none was needed) is kept for this session's later runs on this queue.
    this.queueUrls.set(queue, queueUrl);
    const updates = this.updatesOf(job, join(this.options.dataDir, 'jobs', job.id));
    onUpdate = updates.onUpdate;
    for (const line of early) onUpdate({ kind: 'log', ...line });
    const finished = job.run(attachTo !== null).then(updates.settled);
    this.jobs.set(job.id, { job, finished });
    return job.snapshot();
  }

  /** Turns a job's updates into engine events, its log file and its live settings; `settled` waits for both files. */
  private updatesOf(job: EngineJob, directory: string): { onUpdate(update: JobUpdate): void; settled(): Promise<void> } {
    const logFile = new JobLogFile(join(directory, 'log.jsonl'));
    const liveSettings = new LiveSettingsFile(directory);
    const settled = () => Promise.all([logFile.settled(), liveSettings.settled()]).then(() => undefined);
    const onUpdate = (update: JobUpdate) => {
      if (update.kind === 'tick') this.options.emit({ kind: 'job.tick', jobId: job.id, tick: update.tick, job: job.snapshot() });
      else if (update.kind === 'state') {
        const snapshot = job.snapshot();
        liveSettings.save(snapshot);
        this.options.emit({ kind: 'job.state', job: snapshot });
      } else {
        const line = { atMs: Date.now(), level: update.level, message: update.message };
        logFile.add(line);
        this.options.emit({ kind: 'job.log', jobId: job.id, ...line });
      }
    };
    return { onUpdate, settled };
  }

  private launch(id: string, spec: JobSpec, directory: string, resume: boolean): JobSnapshot {
    let forward: (update: JobUpdate) => void = () => undefined;
    const job: EngineJob = createJob({
      id, spec, directory,
      target: this.options.resolveTarget(spec),
      workerScripts: this.options.workerScripts,
      onUpdate: (update) => forward(update),
    });
    const updates = this.updatesOf(job, directory);
    forward = updates.onUpdate;
    const finished = job.run(resume).then(updates.settled);
    this.jobs.set(id, { job, finished });
    return job.snapshot();
  }
}

/** A sortable, readable job id: kind, UTC time, random suffix. */
export function newJobId(kind: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${kind}-${stamp}-${randomBytes(3).toString('hex')}`;
}
