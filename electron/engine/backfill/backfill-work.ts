import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { backfillWriteMode, isReadOnlyOperation, type BackfillJobSpec, type BackfillTrialResult } from '../../../shared/backfill-spec';
import { startingRate, type RateMode } from '../../../shared/rate-modes';
import { totalsOfKind, type BackfillTotals, type ErrorInfo, type JobSnapshot, type JobState } from '../../../shared/job-status';
import { writeJsonDurably } from '../checkpoint/checkpoint-file';
import { createDynamoClient, type ClientTarget } from '../dynamo/client-target';
import type { Governor } from '../governor/governor';
import { LOCAL_BUDGET } from '../lifecycle/capacity-budget';
import type { JobContext } from '../lifecycle/engine-job';
import { RejectsFile } from '../lifecycle/rejects-file';
import type { JobWork, LifecycleHooks, PreparedWork, SavedState, WorkReport } from '../lifecycle/job-work';
import { pendingShard, type ShardRecord } from '../shard/shard';
import { describeTable, type TableDescriptionFacts } from '../tables/table-description';
import { BackfillExecutor, type BackfillShardCheckpoint } from './backfill-executor';
import { operationProblem } from './item-operation';
import { OutputFile } from './output-file';
import { applyBackfillSafety } from './backfill-safety';
import { reapplyRiskNote } from './update-idempotence';
import { chooseSegmentCount, dealSegments, sampleSegments } from './segment-plan';
import { projectTrial, type TrialSample } from './trial-projection';

/** What a backfill job needs from its host. */
export type BackfillJobContext = JobContext<BackfillJobSpec>;

/** A backfill's own part of its checkpoint (segment positions live in the shards'). */
export interface BackfillState {
  totalSegments: number;
  seed: number;
  rejectsBytes: number;
  outputBytes: number;
  /** The safety checks passed (and their backup taken): a resume does not take a second one. */
  safetyPassed: boolean;
}

/**
 * A backfill, as the lifecycle drives it: a shuffled parallel scan of a live table that
 * changes (or only reads) each item with a conditional write. Its plan is one shard per
 * scan worker, each a random set of segments; before anything is written the operation
 * is compiled against the tables' keys and the safety rules (confirmation, PITR or a
 * backup) are applied. Accounts for every item: scanned = changed + unchanged + skipped +
 * failed + pending.
 */
export class BackfillWork implements JobWork<BackfillShardCheckpoint, BackfillState> {
  readonly writeGovernor: Governor;
  readonly readGovernor: Governor;
  readonly executor: BackfillExecutor;
  private readonly spec: BackfillJobSpec;
  /** The lifecycle's totals, as a backfill's. */
  private readonly totals: BackfillTotals;
  private seed = Math.floor(Math.random() * 2 ** 31);
  private totalSegments = 0;
  private rejects: RejectsFile | null = null;
  private output: OutputFile | null = null;
  private safetyPassed = false;
  private trialSample: TrialSample | null = null;
  private trialSafety: BackfillTrialResult['safety'] = { pitrEnabled: false, destructive: false, refusal: [] };
  private trial: BackfillTrialResult | null = null;
  private workerCount = 0;
  /** Set by `prepare`: the safety checks and files, run by `setUp` once the plan is in the shard table. */
  private setUpStep: (() => Promise<void>) | null = null;
  private closeClients: (() => void) | null = null;

  constructor(private readonly context: BackfillJobContext, private readonly hooks: LifecycleHooks<BackfillShardCheckpoint>) {
    this.spec = context.spec;
    this.totals = totalsOfKind('backfill', hooks.totals);
    const max = this.spec.limits.maxWcuPerSecond;
    const budget = context.budget ?? LOCAL_BUDGET;
    this.writeGovernor = budget.governor('write', { operatorRate: startingRate(backfillWriteMode(this.spec.rate)), ...(max ? { maxRate: max } : {}), now: hooks.now });
    this.readGovernor = budget.governor('read', { operatorRate: this.spec.rate.rcuPerSecond, now: hooks.now });
    this.executor = new BackfillExecutor(hooks);
  }

  /** A trial's findings, once a trial has ended. */
  trialResult(): BackfillTrialResult | null {
    return this.trial;
  }

  async prepare(restored: BackfillState | null, restoredShards: readonly ShardRecord<BackfillShardCheckpoint>[] | null): Promise<PreparedWork<BackfillShardCheckpoint>> {
    const control = createDynamoClient(this.context.target, { maxSockets: 2 });
    const copyTarget = this.copyTarget();
    const targetControl = copyTarget ? createDynamoClient(copyTarget, { maxSockets: 2 }) : control;
    const destroy = () => {
      control.destroy();
      if (targetControl !== control) targetControl.destroy();
    };
    this.closeClients = destroy;
    try {
      if (restored) {
        this.seed = restored.seed;
        this.totalSegments = restored.totalSegments;
        this.safetyPassed = restored.safetyPassed;
        const replaying = (restoredShards ?? []).reduce((n, s) => n + (s.checkpoint ?? []).reduce((m, c) => m + c.replay.length, 0), 0);
        const op = this.spec.operation;
        if (op.kind === 'update' && reapplyRiskNote(op)) this.hooks.notes.push(`Resumed with the accepted re-apply risk: ${replaying.toLocaleString('en-US')} planned writes in flight at the last checkpoint are sent again; at most that many items may have the update applied twice.`);
        this.hooks.log('info', `Resuming: ${this.totals.read.toLocaleString('en-US')} items settled before${replaying ? `; ${replaying.toLocaleString('en-US')} planned writes of pages in flight at the stop are checked again` : ''}`);
      }
      const facts = await describeTable(control, this.spec.table);
      const targetFacts = this.spec.operation.kind === 'copy' ? await describeTable(targetControl, this.spec.operation.targetTable) : null;
      // Before any safety action (PITR, a backup) and before any worker: a spec that cannot run fails now, in words.
      this.checkOperation(facts, targetFacts);
      if (facts.itemCount) this.totals.recordsTotal = facts.itemCount;
      const shards = restoredShards ? [] : this.plan(facts, this.spec.trial !== undefined);
      this.executor.trackShards(restoredShards ?? shards);
      this.setUpStep = async () => {
        await this.checkSafety(targetFacts ? targetControl : control);
        if (this.hooks.stopping()) return;
        await this.openFiles(restored, copyTarget, facts, targetFacts);
      };
      const op = this.spec.operation;
      const written = op.kind === 'copy' && targetFacts ? { name: op.targetTable, facts: targetFacts, target: copyTarget ?? this.context.target } : { name: this.spec.table, facts, target: this.context.target };
      return this.prepared(facts, shards, written);
    } catch (error) {
      destroy();
      throw error;
    }
  }

  /** Safety actions (with the plan already in the checkpoint), then the job's files. */
  async setUp(): Promise<void> {
    try {
      await this.setUpStep?.();
    } finally {
      this.closeClients?.();
    }
  }

  private async openFiles(restored: BackfillState | null, copyTarget: ClientTarget | null, facts: TableDescriptionFacts, targetFacts: TableDescriptionFacts | null): Promise<void> {
    this.rejects = await RejectsFile.open(join(this.context.directory, 'rejects.jsonl'), restored?.rejectsBytes ?? 0);
    if (this.spec.operation.kind === 'find') this.output = await OutputFile.open(this.spec.operation.outputPath, restored?.outputBytes ?? 0, { stagingDirectory: this.context.directory, target: this.context.target });
    const script = this.context.workerScripts['backfill-worker'];
    if (!script) throw new Error('The backfill worker entry (backfill-worker.js) was not given to the job');
    const progress = this.executor.segmentProgress();
    if (this.spec.trial !== undefined) this.trialSample = { sampledSegments: progress.total, totalSegments: this.totalSegments, scanned: 0, wouldChange: 0, wouldWcu: 0, unchanged: 0, failed: 0, consumedRcu: 0, examples: [] };
    this.executor.attach({
      spec: this.spec, target: this.context.target, copyTarget, script, keyNames: facts.keyNames, targetKeyNames: targetFacts?.keyNames ?? null,
      totalSegments: this.totalSegments, seed: this.seed, trial: this.trialSample, rejects: this.rejects, output: this.output,
      readGovernor: this.readGovernor, writeGovernor: this.writeGovernor, bufferWcuPerSecond: bufferRateOf(backfillWriteMode(this.spec.rate), this.spec.limits.maxWcuPerSecond), ...(this.context.threads ? { threads: this.context.threads } : {}),
    });
  }

  startMessage(pendingShards: number): string {
    const progress = this.executor.segmentProgress();
    return `${this.spec.trial ? 'Trial' : 'Started'}: ${this.spec.operation.kind} on ${this.spec.table}, ${(progress.total - progress.done).toLocaleString('en-US')} of ${this.totalSegments.toLocaleString('en-US')} segments to read, ${pendingShards} worker(s), ${this.readGovernor.requestedRate.toLocaleString('en-US')} RCU/s, ${this.writeGovernor.requestedRate.toLocaleString('en-US')} WCU/s`;
  }

  liveTotals(): BackfillTotals {
    const t = this.totals;
    const progress = this.executor.segmentProgress();
    return { ...t, read: t.read + this.executor.scannedInFlight(), segmentsDone: progress.done, segmentsTotal: progress.total };
  }

  inFlight(): number {
    return this.executor.pagesInFlight();
  }

  remainingUnits(): { wcu: number; rcu: number } {
    const t = this.totals;
    const progress = this.executor.segmentProgress();
    const doneShare = progress.total > 0 ? progress.done / progress.total : 0;
    const remainingShare = doneShare > 0 ? (1 - doneShare) / doneShare : 0;
    return { wcu: t.consumedWcu * remainingShare, rcu: t.consumedRcu * remainingShare };
  }

  async saveState(): Promise<SavedState<BackfillState>> {
    // Files' lengths, shard positions, totals and the pages to release are taken at one moment (before any await).
    const rejectsFlushed = this.rejects ? this.rejects.flush() : Promise.resolve(0);
    const outputFlushed = this.output ? this.output.flush() : Promise.resolve(0);
    const releasing = this.executor.checkpointShards();
    const totals = { ...this.totals };
    const [rejectsBytes, outputBytes] = await Promise.all([rejectsFlushed, outputFlushed]);
    return {
      totals,
      state: { totalSegments: this.totalSegments, seed: this.seed, rejectsBytes, outputBytes, safetyPassed: this.safetyPassed },
      afterSave: () => this.executor.release(releasing),
    };
  }

  hasPendingWork(): boolean {
    const progress = this.executor.segmentProgress();
    return progress.done < progress.total;
  }

  async close(state: JobState, error: ErrorInfo | null): Promise<WorkReport> {
    this.closeClients?.();
    await this.rejects?.close();
    await this.output?.close();
    const notes = this.hooks.notes;
    if (this.trialSample) {
      this.trial = projectTrial(this.trialSample, { wcuPerSecond: this.writeGovernor.requestedRate, rcuPerSecond: this.readGovernor.requestedRate }, this.hooks.meterBilling(), this.trialSafety);
      await writeJsonDurably(join(this.context.directory, 'trial.json'), this.trial);
      notes.push(...trialNotes(this.trial));
    }
    const progress = this.executor.segmentProgress();
    // A resume runs the same spec: for an operation that cannot run, it would only fail again.
    if (error?.name === 'InvalidOperation') notes.push('Nothing was read or written: correct the operation and start a new job.');
    else if (state !== 'completed') notes.push(`${(progress.total - progress.done).toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} segments not finished: resume the job to read the rest.`);
    if (isReadOnlyOperation(this.spec.operation)) notes.push(`${this.spec.operation.kind} changes nothing: "changed" counts the matching items${this.spec.operation.kind === 'find' ? ` (written to ${this.spec.operation.outputPath})` : ''}.`);
    return { rejectReasons: this.rejects?.reasonCounts() ?? {}, rejectSamples: this.rejects?.sample() ?? [] };
  }

  snapshotExtras(): Pick<JobSnapshot, 'rejectsFile' | 'rejectsByReason'> {
    return { rejectsFile: this.rejects?.path ?? null, ...(this.rejects ? { rejectsByReason: this.rejects.reasonSummary() } : {}) };
  }

  /** One shard per scan worker, each a random set of segments (a trial's sample only). */
  private plan(facts: TableDescriptionFacts, trial: boolean): ShardRecord<BackfillShardCheckpoint>[] {
    this.totalSegments = this.spec.scan.segments ?? chooseSegmentCount({ itemCount: facts.itemCount ?? 0, sizeBytes: facts.sizeBytes ?? 0 });
    const segments = trial ? sampleSegments(this.totalSegments, this.spec.trial!.fraction, this.seed) : Array.from({ length: this.totalSegments }, (_, i) => i);
    this.workerCount = Math.max(1, Math.min(segments.length, this.spec.scan.workers ?? Math.min(2, availableParallelism())));
    const hands = dealSegments(segments, this.workerCount, { shuffle: this.spec.scan.shuffle, seed: this.seed }).filter((hand) => hand.length > 0);
    return hands.map((hand, i) => pendingShard<BackfillShardCheckpoint>(`scan-${i}`, { kind: 'scan-segments', table: this.spec.table, segments: hand, totalSegments: this.totalSegments }));
  }

  /**
   * The plan and the table's facts, and the write side's rate control as a load's: the
   * mode steers the write governor, a closed window pauses the scan and the writes. A
   * trial reads only and runs now, whatever the mode: it has none.
   */
  private prepared(facts: TableDescriptionFacts, shards: ShardRecord<BackfillShardCheckpoint>[], written: { name: string; facts: TableDescriptionFacts; target: ClientTarget }): PreparedWork<BackfillShardCheckpoint> {
    const billing = { billingMode: facts.billingMode, tableClass: facts.tableClass, provisionedWcu: facts.provisionedWcu, provisionedRcu: facts.provisionedRcu, maxOnDemandWcu: facts.maxOnDemandWcu };
    if (this.spec.trial !== undefined) return { shards, billing, rateControl: null };
    // The mode watches the table the job writes: a copy's target, else the scanned table.
    return {
      shards, billing,
      rateControl: {
        target: written.target, tableName: written.name, indexNames: written.facts.indexes.map((i) => i.name), mode: backfillWriteMode(this.spec.rate),
        spreading: this.spec.scan.shuffle, keysDistinct: written.facts.keyNames.length === 1,
        facts: { billingMode: written.facts.billingMode, provisionedWcu: written.facts.provisionedWcu, maxOnDemandWcu: written.facts.maxOnDemandWcu, recentPeakWcuPerSecond: null },
      },
    };
  }

  /**
   * Compiles the operation here, as each worker will, with the same tables' keys: an
   * operation that cannot compile would otherwise crash every worker as it starts.
   */
  private checkOperation(facts: TableDescriptionFacts, targetFacts: TableDescriptionFacts | null): void {
    const problem = operationProblem(this.spec, { keyNames: facts.keyNames, ...(targetFacts ? { targetKeyNames: targetFacts.keyNames } : {}) });
    if (problem === null) return;
    const words = problem.replace(/\.$/, '');
    throw Object.assign(new Error(`Refusing to start: ${words.charAt(0).toLowerCase()}${words.slice(1)}.`), { name: 'InvalidOperation' });
  }

  private copyTarget(): ClientTarget | null {
    const op = this.spec.operation;
    if (op.kind !== 'copy' || !op.targetConnection) return null;
    const ref = op.targetConnection;
    switch (ref.kind) {
      case 'sandbox':
        return this.context.target;
      case 'endpoint':
        return { region: ref.region, endpoint: ref.endpoint, auth: { kind: 'local' } };
      case 'aws':
        return { region: ref.region, endpoint: ref.endpoint ?? null, auth: { kind: 'profile', profile: ref.profile ?? null } };
    }
  }

  /** The safety step (backfill-safety.ts); saved at once when it acted, so a crash does not take a second backup. */
  private async checkSafety(changedClient: DynamoDBClient): Promise<void> {
    const wasPassed = this.safetyPassed;
    const result = await applyBackfillSafety(this.spec, changedClient, this.context.id, { alreadyPassed: wasPassed, notes: this.hooks.notes, log: (level, message) => this.hooks.log(level, message) });
    this.trialSafety = result.trialSafety;
    this.safetyPassed = result.passed;
    if (result.passed && !wasPassed) await this.hooks.checkpointNow();
  }
}

/**
 * The write rate a backfill's workers size their buffers for: the fixed (or inside-window)
 * rate, else the mode's or the job's ceiling, else 10,000 WCU/s (fill and share-of-organic
 * rise to what the table leaves; a second of that per worker is a few MB of items).
 */
export function bufferRateOf(mode: RateMode, maxWcuPerSecond: number | undefined): number {
  const ceiling = Math.min(mode.maxWcuPerSecond ?? Infinity, maxWcuPerSecond ?? Infinity);
  if (mode.mode === 'fixed' || mode.mode === 'on-demand-aware') return Math.min(mode.wcuPerSecond, ceiling);
  if (mode.mode === 'windows' && mode.inside.kind === 'rate') return Math.min(mode.inside.wcuPerSecond, ceiling);
  return Number.isFinite(ceiling) ? ceiling : 10_000;
}

/** The trial's findings as report notes. */
function trialNotes(trial: BackfillTrialResult): string[] {
  const p = trial.projected;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `TRIAL (nothing written): ${trial.sampledSegments} of ${trial.totalSegments} segments read; ${fmt(trial.scanned)} items scanned, ${fmt(trial.wouldChange)} would change, ${fmt(trial.unchanged)} unchanged, ${fmt(trial.failed)} would fail.`,
    `Projected for the whole table: ${fmt(p.items)} items, ${fmt(p.changes)} changes, ${fmt(p.wcu)} WCU and ${fmt(p.rcu)} RCU; ${fmt(p.durationSeconds)} s at ${fmt(p.wcuPerSecond)} WCU/s and ${fmt(p.rcuPerSecond)} RCU/s; cost ${p.costUsd === null ? 'unknown (no price)' : `$${p.costUsd.toFixed(4)}`}.`,
    ...(trial.safety.refusal.length ? [`A real run as specified would be refused: ${trial.safety.refusal.join('; ')}`] : []),
  ];
}
