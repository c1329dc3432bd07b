import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { JobReport } from '../../../shared/job-report';
import type { LoadJobSpec } from '../../../shared/job-spec';
import { emptyTotals, type JobSnapshot, type JobTick } from '../../../shared/job-status';
import { startingRate, type RateMode } from '../../../shared/rate-modes';
import { writeJsonDurably } from '../checkpoint/checkpoint-file';
import { SharedTokenBucket } from '../governor/token-bucket';
import type { EngineJob, JobContext } from '../lifecycle/engine-job';
import type { FromJobWorker, JobWorkerData, ToJobWorker } from './hosted-job-protocol';
import { buildJobReport } from '../lifecycle/job-report-builder';

const MB = 1024 * 1024;

/**
 * Heap limits of a load job's worker. A job allocates hundreds of megabytes a second in
 * short-lived records; on the main thread V8 let the old generation grow to four times
 * what was live before collecting it (its growth factor for large heaps), which put the
 * whole process over 300 MB on a 2 GB load. A worker's own, smaller limits make V8 use
 * a small growth factor and a small young generation: a 400 MB load peaked at about
 * 260 MB instead of 330-350 (bench/load-control.ts). They cost about 8% of throughput
 * against limits as large as the main thread's (88,000 against 96,000 items/s, three
 * interleaved runs each). The old generation leaves room for the in-memory shuffle's
 * budget on top of the job's own needs.
 */
export function jobWorkerHeapLimits(spec: LoadJobSpec): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: Math.max(384, Math.ceil(spec.source.spreadMemoryBytes / MB) + 256), maxYoungGenerationSizeMb: 12 };
}

/**
 * A load job run in a worker thread of its own (load-job-worker.ts), seen from the main
 * thread: the same `EngineJob` surface, its calls sent as messages, its snapshot and ticks
 * kept from the updates the worker sends. The main thread (the desktop app's UI bridge,
 * web mode's server) then never stalls on parsing, and the job's memory is bounded by
 * the worker's heap limits. If the worker dies, the job ends as failed with a report.
 */
export class WorkerHostedJob implements EngineJob {
  readonly id: string;
  private readonly worker: Worker;
  /** The job's token bucket, shared with its thread and its sender workers. */
  private readonly bucket: SharedTokenBucket;
  private current: JobSnapshot;
  private ticks: JobTick[] = [];
  private report: JobReport | null = null;
  private ended = false;
  private readonly whenEnded: Promise<void>;

  constructor(private readonly context: JobContext<LoadJobSpec>) {
    this.id = context.id;
    const script = context.workerScripts['load-job-worker'];
    if (!script) throw new Error('The load job worker entry (load-job-worker.js) was not given to the job');
    const now = (context.now ?? Date.now)();
    this.current = {
      kind: 'load', id: context.id, spec: context.spec, state: 'validating', createdAtMs: now, startedAtMs: null, endedAtMs: null,
      totals: emptyTotals('load'), rateWcuPerSecond: startingRate(context.spec.rate), error: null,
      rejectsFile: null, cost: null, pauseReason: null, pausedBy: null, rateMode: context.spec.rate, capacity: null,
    };
    this.bucket = SharedTokenBucket.create(startingRate(context.spec.rate));
    const data: JobWorkerData = { id: context.id, spec: context.spec, directory: context.directory, target: context.target, workerScripts: context.workerScripts, bucket: this.bucket.buffer };
    this.worker = new Worker(script, { workerData: data, resourceLimits: jobWorkerHeapLimits(context.spec) });
    this.whenEnded = new Promise<void>((resolve) => {
      this.worker.on('message', (message: FromJobWorker) => {
        this.onMessage(message);
        if (message.type === 'ended') resolve();
      });
      // The error comes over Node's internal port, the worker's last updates over the
      // public one: only at 'exit' are both drained, so the job ends there, with all the
      // worker sent before it died.
      let error: string | undefined;
      this.worker.on('error', (e) => {
        error ??= `${e.name}: ${e.message}`;
      });
      this.worker.on('exit', (code) => {
        if (!this.ended) void this.crashed(error ?? `the job's worker thread exited (code ${code}) before the job ended`).then(resolve);
      });
    });
  }

  run(resume: boolean): Promise<void> {
    this.send({ type: 'run', resume });
    return this.whenEnded;
  }

  snapshot(): JobSnapshot {
    return this.current;
  }

  tickHistory(): JobTick[] {
    return [...this.ticks];
  }

  finalReport(): JobReport | null {
    return this.report;
  }

  /**
   * Pauses the shared bucket here, at once, then tells the job (which records who paused
   * and why): the job's thread may be busy for a moment, the bucket never is. Only a
   * running job is paused directly; any other state is the job's to judge.
   */
  pause(reason: string | null = null): void {
    if (this.current.state === 'running') this.bucket.pause();
    this.send({ type: 'pause', reason });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  /** No request leaves after this, even before the job's thread hears of the stop. */
  stop(): void {
    if (!this.ended) this.bucket.close();
    this.send({ type: 'stop' });
  }

  setRate(wcuPerSecond: number): void {
    this.send({ type: 'set-rate', wcuPerSecond });
  }

  setMode(mode: RateMode): void {
    this.send({ type: 'set-mode', mode });
  }

  setCostCeiling(maxCostUsd: number | null): void {
    this.send({ type: 'set-cost-ceiling', maxCostUsd });
  }

  private send(message: ToJobWorker): void {
    if (!this.ended) this.worker.postMessage(message);
  }

  private onMessage(message: FromJobWorker): void {
    this.current = message.snapshot;
    switch (message.type) {
      case 'update':
        if (message.ticks) this.ticks = message.ticks;
        else if (message.update.kind === 'tick') this.ticks.push(message.update.tick);
        this.context.onUpdate(message.update);
        break;
      case 'snapshot':
        break;
      case 'ended':
        this.ended = true;
        this.report = message.report;
        break;
    }
  }

  /** The worker died before the job ended: the job ends as failed, with what is known of it. */
  private async crashed(reason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const message = `The job stopped unexpectedly: ${reason}. Its progress up to the last checkpoint is kept; resume it to go on.`;
    this.current = {
      ...this.current,
      state: 'failed',
      endedAtMs: (this.context.now ?? Date.now)(),
      error: this.current.error ?? { name: 'JobWorkerCrashed', message },
    };
    this.context.onUpdate({ kind: 'log', level: 'error', message });
    this.report = buildJobReport({ snapshot: this.current, ticks: this.ticks, throttlesByReason: {}, rejectReasons: {}, rejectSamples: [], notes: [message] });
    try {
      await writeJsonDurably(join(this.context.directory, 'report.json'), this.report);
    } catch (error) {
      this.context.onUpdate({ kind: 'log', level: 'error', message: `Could not write the report: ${(error as Error).message}` });
    }
    this.context.onUpdate({ kind: 'state' });
  }
}
