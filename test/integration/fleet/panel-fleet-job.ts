import { join } from 'node:path';
import { openFleetEngineJob } from '../../../electron/engine/fleet-engine-job';
import { workerTarget } from '../../../electron/engine/fleet/worker-target';
import type { EngineJob } from '../../../electron/engine/lifecycle/engine-job';
import { jobSpecSchema, type JobSpec } from '../../../shared/job-spec';
import type { FleetWorld } from './fleet-harness';

/** The workers' version (the CLI's); a coordinator of another version is refused by them. */
export const WORKER_VERSION = '0.1.0';

/** A fleet job opened as the panel opens one (the EngineJob face), in the test's process, with its log lines. */
export interface PanelFleetJob {
  job: EngineJob;
  /** Resolves when the job has ended and its report is written. */
  ended: Promise<void>;
  lines: string[];
}

/** A load of every object under `prefix` on the world's fleet; `extra` is merged into the spec (rate, limits, mapping). */
export function fleetLoadSpec(world: FleetWorld, table: string, extra: Record<string, unknown>, prefix = 's3://warehouse/unload/'): JobSpec {
  return jobSpecSchema.parse({
    kind: 'load', connection: { kind: 'endpoint', endpoint: world.sandbox.url, region: 'us-east-1' }, table,
    source: { path: prefix, format: 'csv' }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}', type: 'S' }] },
    fleet: { queue: world.redis.url.replace(/\/$/, '') }, ...extra,
  });
}

/** Plans and starts the job on the world's fleet, coordinated from this process. */
export async function startPanelFleetJob(world: FleetWorld, spec: JobSpec): Promise<PanelFleetJob> {
  const lines: string[] = [];
  const job = await openFleetEngineJob(spec, {
    queueUrl: world.redis.url, dataDir: join(world.dir, 'data'), capstanVersion: WORKER_VERSION, clientTarget: workerTarget(spec), attachTo: null,
    onUpdate: (_id, update) => {
      if (update.kind === 'log') lines.push(update.message);
    },
  });
  return { job, ended: job.run(false), lines };
}

/** The panel fleet jobs a test file starts, so its afterAll stops those still running. */
export class PanelFleetJobs {
  private readonly jobs: EngineJob[] = [];

  /** Starts a job (as `startPanelFleetJob`) and keeps it. */
  async start(world: FleetWorld, spec: JobSpec): Promise<PanelFleetJob> {
    const started = await startPanelFleetJob(world, spec);
    this.jobs.push(started.job);
    return started;
  }

  /** Stops every kept job that has not ended. */
  stopRunning(): void {
    for (const job of this.jobs) if (!['completed', 'failed', 'stopped'].includes(job.snapshot().state)) job.stop();
  }
}
