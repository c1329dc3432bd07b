import type { BackfillTrialResult } from '../../../shared/backfill-spec';
import type { JobReport } from '../../../shared/job-report';
import type { JobSnapshot, JobTick } from '../../../shared/job-status';
import type { RateMode } from '../../../shared/rate-modes';
import type { EngineJob } from './engine-job';
import type { JobLifecycle } from './job-lifecycle';

/**
 * A job of any kind as the job manager and the faces see it (`EngineJob`): its lifecycle,
 * with the kind's work inside. Every call goes to the one lifecycle, so pause, stop,
 * failure and the report behave the same for a load and a backfill.
 */
export class LifecycleJob implements EngineJob {
  readonly id: string;

  constructor(private readonly lifecycle: JobLifecycle, private readonly trial: () => BackfillTrialResult | null = () => null) {
    this.id = lifecycle.id;
  }

  run(resume: boolean): Promise<void> {
    return this.lifecycle.run(resume);
  }

  snapshot(): JobSnapshot {
    return this.lifecycle.snapshot();
  }

  tickHistory(): JobTick[] {
    return this.lifecycle.tickHistory();
  }

  finalReport(): JobReport | null {
    return this.lifecycle.finalReport();
  }

  pause(reason: string | null = null): void {
    this.lifecycle.pause(reason);
  }

  resume(): void {
    this.lifecycle.resume();
  }

  stop(): void {
    this.lifecycle.stop();
  }

  setRate(wcuPerSecond: number): void {
    this.lifecycle.setRate(wcuPerSecond);
  }

  setReadRate(rcuPerSecond: number): void {
    this.lifecycle.setReadRate(rcuPerSecond);
  }

  setCostCeiling(maxCostUsd: number | null): void {
    this.lifecycle.setCostCeiling(maxCostUsd);
  }

  setMode(mode: RateMode): void {
    this.lifecycle.setMode(mode);
  }

  trialResult(): BackfillTrialResult | null {
    return this.trial();
  }
}
