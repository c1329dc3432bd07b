import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fleetPlanningRefusal } from '../../shared/fleet-status';
import type { JobReport } from '../../shared/job-report';
import type { JobSpec } from '../../shared/job-spec';
import type { JobSnapshot, JobTick } from '../../shared/job-status';
import type { RateMode } from '../../shared/rate-modes';
import type { ClientTarget } from './dynamo/client-target';
import { FleetJobRun } from './fleet-job';
import { parseRedisUrl } from './fleet/redis-connection';
import type { EngineJob, JobUpdate } from './lifecycle/engine-job';

/**
 * A fleet job behind the same face as a local one, so the job manager, the host's commands
 * (pause, resume, rate, stop, ticks, report) and the dashboard need nothing of their own for
 * it. The coordinator is `FleetJobRun`; this only maps its calls and its once-a-second
 * refresh onto `EngineJob` and `JobUpdate`.
 */

/** What opening a fleet job needs from the job manager. */
export interface FleetEngineJobOptions {
  /** The queue URL with its user and password (the spec holds it without). */
  queueUrl: string;
  dataDir: string;
  capstanVersion: string;
  /** The spec's connection as the coordinator uses it (its profile, its region). */
  clientTarget: ClientTarget;
  /** An existing job's id: attach to it in Redis instead of planning a new one. */
  attachTo: string | null;
  onUpdate(id: string, update: JobUpdate): void;
}

/**
 * Plans (or attaches to) a fleet job and returns it as an EngineJob; its `run` watches the
 * job to its end. Refusals (a source workers cannot read, a table or a Redis the
 * coordinator cannot use) throw here, in words, before any id is given out. A job whose plan
 * reads a big object first (the index pass that finds its byte ranges) is returned as soon
 * as that pass starts, in state validating, so the dashboard shows how far it is; its
 * shards are queued when it ends, and a stop meanwhile ends it with nothing queued.
 */
export async function openFleetEngineJob(spec: JobSpec, options: FleetEngineJobOptions): Promise<EngineJob> {
  let id = options.attachTo ?? '';
  let lastState: string | null = null;
  let indexStarted: () => void = () => {};
  const indexing = new Promise<'indexing'>((resolve) => { indexStarted = () => resolve('indexing'); });
  const run = await FleetJobRun.begin(spec, {
    target: parseRedisUrl(options.queueUrl), dataDir: options.dataDir, capstanVersion: options.capstanVersion, clientTarget: options.clientTarget,
    log: (level, message) => options.onUpdate(id, { kind: 'log', level, message }),
    onUpdate: (snapshot) => {
      const tick = run.tickHistory().at(-1);
      if (tick) options.onUpdate(id, { kind: 'tick', tick });
      if (snapshot.state === 'validating') indexStarted();
      // While it plans, every report of the index pass redraws the fleet card.
      if (snapshot.state !== lastState || snapshot.state === 'validating') {
        lastState = snapshot.state;
        options.onUpdate(id, { kind: 'state' });
      }
    },
  }, options.attachTo);
  id = run.id;
  const planned = run.plan();
  // A plan that ends (or is refused) before any index pass starts is awaited here, as before.
  if ((await Promise.race([planned.then(() => 'planned' as const), indexing])) === 'indexing') {
    await mkdir(join(options.dataDir, 'jobs', run.id), { recursive: true });
    planned.catch(() => undefined); // its end is read by run()
    return new FleetEngineJob(run, (update) => options.onUpdate(run.id, update), planned);
  }
  // A stopped job resumed from the panel: its shards not done go back on the queue.
  if (options.attachTo) await run.restartIfStopped();
  return new FleetEngineJob(run, (update) => options.onUpdate(run.id, update), null);
}

class FleetEngineJob implements EngineJob {
  private report: JobReport | null = null;
  private failure: { name: string; message: string } | null = null;

  constructor(
    private readonly fleet: FleetJobRun, private readonly update: (update: JobUpdate) => void,
    /** The plan still running (a big object's index pass) when the job was handed out, or null. */
    private readonly planned: Promise<void> | null,
  ) {}

  get id(): string {
    return this.fleet.id;
  }

  async run(): Promise<void> {
    try {
      if (this.planned) {
        try {
          await this.planned;
        } catch (error) {
          // Stopped while planning: the job ends stopped, with nothing queued; its folder holds its spec and a report saying so.
          if (this.fleet.snapshot().state === 'stopped') {
            this.report = this.fleet.reportOfStopWhilePlanning;
            return;
          }
          throw error;
        }
      }
      this.report = await this.fleet.waitForEnd();
    } catch (error) {
      this.failure = { name: (error as Error).name ?? 'Error', message: (error as Error).message ?? String(error) };
      this.update({ kind: 'log', level: 'error', message: `The fleet job's coordinator failed: ${this.failure.message}` });
    } finally {
      await this.fleet.close().catch(() => undefined);
      this.update({ kind: 'state' });
    }
  }

  snapshot(): JobSnapshot {
    const snapshot = this.report ? { ...this.fleet.snapshot(), error: this.report.error ?? null } : this.fleet.snapshot();
    return this.failure ? { ...snapshot, state: 'failed', error: this.failure } : snapshot;
  }

  tickHistory(): JobTick[] {
    return this.fleet.tickHistory();
  }

  finalReport(): JobReport | null {
    return this.report;
  }

  pause(): void {
    this.refuseWhilePlanning('Pausing');
    this.steer('pause', this.fleet.pause());
  }

  resume(): void {
    this.refuseWhilePlanning('Resuming');
    this.steer('resume', this.fleet.resume());
  }

  stop(): void {
    this.steer('stop', this.fleet.stop());
  }

  setRate(wcuPerSecond: number): void {
    this.refuseWhilePlanning('A rate change');
    this.steer('set the write rate', this.fleet.setRate(wcuPerSecond));
  }

  setReadRate(rcuPerSecond: number): void {
    this.refuseWhilePlanning('A rate change');
    this.steer('set the read rate', this.fleet.coordinator.setRate('read', rcuPerSecond));
  }

  setCostCeiling(maxCostUsd: number | null): void {
    this.refuseWhilePlanning('A cost ceiling change');
    this.steer('set the cost ceiling', this.fleet.setCostCeiling(maxCostUsd));
  }

  setMode(mode: RateMode): void {
    if (this.fleet.spec.kind !== 'load') throw new Error(`Job ${this.fleet.id} has no rate modes; use setJobRate`);
    this.refuseWhilePlanning('A rate mode change');
    this.steer('change the rate mode', this.fleet.setMode(mode));
  }

  /** Steering needs the job in Redis: while the coordinator still plans, it is refused in words (stop is not: it ends the plan). */
  private refuseWhilePlanning(what: string): void {
    if (this.fleet.planning) throw new Error(fleetPlanningRefusal(what));
  }

  /** Steering is one Redis script; its failure (Redis lost) is said in the job's log, and the state is read again. */
  private steer(what: string, done: Promise<void>): void {
    this.update({ kind: 'state' });
    done.then(
      () => this.update({ kind: 'state' }),
      (error: unknown) => this.update({ kind: 'log', level: 'error', message: `Could not ${what} on the fleet: ${(error as Error).message}` }),
    );
  }
}
