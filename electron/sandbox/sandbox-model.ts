import { AutoScalingSimulator, type ScalableDimension, type ScalingHost } from './auto-scaling';
import { DEFAULT_CAPACITY_RULES, type BillingMode, type CapacityRules, type CapacitySettings } from './capacity-resource';
import type { Clock } from './clock';
import type { StoredTable } from './dynalite-engine';
import { MetricStore } from './metric-store';
import { OrganicTraffic, type OrganicTrafficConfig, type OrganicStepResult } from './organic-traffic';
import { TableModel, schemaOf } from './table-model';
import { ORGANIC_NAMESPACE } from './table-metrics';
import type { ThrottleLimit } from './throttle-reasons';

/** OnDemandThroughput as CreateTable/UpdateTable carry it (dynalite drops it, so the model keeps it). */
export interface OnDemandThroughput {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

/** Capacity facts of a request that dynalite does not store. */
export interface CapacityExtras {
  table?: OnDemandThroughput;
  indexes?: Map<string, OnDemandThroughput>;
}

/** How the model runs: clock, rules and delays. */
export interface SandboxModelOptions {
  clock: Clock;
  rules?: Partial<CapacityRules>;
  /** Delay before a minute's datapoints are published (after the minute ends). */
  metricsDelayMs?: number;
  /** How long an UpdateTable capacity change takes to apply. */
  capacityUpdateDelayMs?: number;
  /** Step of organic traffic simulation. */
  organicStepMs?: number;
  /** Called when capacity changed without a client request (auto scaling), to sync the stored description. */
  onCapacityChanged?: (table: TableModel) => void;
}

/** A capacity change request for a table and/or its GSIs. */
export interface CapacityChange {
  table?: CapacitySettings;
  indexes?: Map<string, CapacitySettings>;
}

/** Raised when a decrease is refused by the daily limit (LimitExceededException). */
export class DecreaseLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecreaseLimitError';
  }
}

function settingsFrom(mode: BillingMode, throughput: { ReadCapacityUnits: number; WriteCapacityUnits: number } | undefined, onDemand: OnDemandThroughput | undefined): CapacitySettings {
  const s: CapacitySettings = {
    mode,
    readCapacityUnits: mode === 'PROVISIONED' ? (throughput?.ReadCapacityUnits ?? 0) : 0,
    writeCapacityUnits: mode === 'PROVISIONED' ? (throughput?.WriteCapacityUnits ?? 0) : 0,
  };
  if (onDemand?.MaxReadRequestUnits !== undefined) s.maxReadRequestUnits = onDemand.MaxReadRequestUnits;
  if (onDemand?.MaxWriteRequestUnits !== undefined) s.maxWriteRequestUnits = onDemand.MaxWriteRequestUnits;
  return s;
}

/** Capacity settings of a stored table and its GSIs. */
export function settingsOfStored(stored: StoredTable, extras: CapacityExtras = {}): { table: CapacitySettings; indexes: Map<string, CapacitySettings> } {
  const mode: BillingMode = stored.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  const table = settingsFrom(mode, stored.ProvisionedThroughput, extras.table);
  const indexes = new Map<string, CapacitySettings>();
  for (const gsi of stored.GlobalSecondaryIndexes ?? []) {
    indexes.set(gsi.IndexName, settingsFrom(mode, gsi.ProvisionedThroughput, extras.indexes?.get(gsi.IndexName)));
  }
  return { table, indexes };
}

/** Parses `table/NAME` or `table/NAME/index/INDEX`. */
export function parseResourceId(resourceId: string): { tableName: string; indexName?: string } | undefined {
  const m = /^table\/([^/]+)(?:\/index\/([^/]+))?$/.exec(resourceId);
  if (!m) return undefined;
  return m[2] !== undefined ? { tableName: m[1] as string, indexName: m[2] } : { tableName: m[1] as string };
}

/**
 * Everything the sandbox simulates, independent of HTTP: tables and their capacity,
 * metrics, organic traffic and auto scaling, all driven by one clock. Time-based work
 * (organic steps, per-second heat, per-minute metrics and scaling, pending capacity
 * changes) is caught up in order whenever the model is touched, so a fake clock that
 * jumps 30 minutes replays those 30 minutes exactly.
 */
export class SandboxModel {
  readonly tables = new Map<string, TableModel>();
  readonly metrics: MetricStore;
  readonly autoScaling = new AutoScalingSimulator();
  readonly rules: CapacityRules;
  readonly clock: Clock;
  /** Organic traffic to start when a table of that name appears (set before CreateTable, or kept across reset). */
  readonly organicPresets = new Map<string, OrganicTrafficConfig>();
  capacityUpdateDelayMs: number;
  readonly organicStepMs: number;
  private cursorMs: number;
  private readonly onCapacityChanged: ((table: TableModel) => void) | undefined;
  private readonly scalingHost: ScalingHost;

  constructor(options: SandboxModelOptions) {
    this.clock = options.clock;
    this.rules = { ...DEFAULT_CAPACITY_RULES, ...options.rules };
    this.metrics = new MetricStore(options.metricsDelayMs ?? 60_000);
    this.capacityUpdateDelayMs = options.capacityUpdateDelayMs ?? 60_000;
    this.organicStepMs = options.organicStepMs ?? 100;
    this.onCapacityChanged = options.onCapacityChanged;
    this.cursorMs = this.clock.now();
    this.scalingHost = this.makeScalingHost();
  }

  /** Current time, with all time-based work caught up to it. */
  now(): number {
    const t = this.clock.now();
    this.advanceTo(t);
    return t;
  }

  /** Registers a table from its stored description (CreateTable, or found on disk). */
  addTable(stored: StoredTable, extras: CapacityExtras = {}): TableModel {
    const nowMs = this.now();
    const { table, indexes } = settingsOfStored(stored, extras);
    const model = new TableModel(schemaOf(stored), table, indexes, this.rules, this.metrics, nowMs);
    this.tables.set(model.name, model);
    const preset = this.organicPresets.get(model.name);
    if (preset) model.organic = new OrganicTraffic(preset);
    this.recordGauges(model, nowMs);
    return model;
  }

  /** Forgets a deleted table (its metrics stay, as in CloudWatch). */
  removeTable(name: string): void {
    this.tables.delete(name);
    this.autoScaling.forgetTable(name);
  }

  /**
   * Asks for new capacity. Decreases are checked against the daily budget first
   * (throws DecreaseLimitError); the change takes effect after the update delay.
   */
  requestCapacity(model: TableModel, change: CapacityChange, nowMs: number): void {
    const refusal = this.decreaseRefusal(model, change, nowMs);
    if (refusal) throw new DecreaseLimitError(refusal);
    if (this.isDecrease(model, change)) model.decreases.record(nowMs);
    model.pending.push({ effectiveAtMs: nowMs + this.capacityUpdateDelayMs, ...(change.table ? { table: change.table } : {}), indexes: change.indexes ?? new Map() });
    if (this.capacityUpdateDelayMs <= 0) model.applyDue(nowMs);
  }

  private isDecrease(model: TableModel, change: CapacityChange): boolean {
    const decreasing = (before: CapacitySettings | undefined, after: CapacitySettings) =>
      before !== undefined && before.mode === 'PROVISIONED' && after.mode === 'PROVISIONED' && (after.readCapacityUnits < before.readCapacityUnits || after.writeCapacityUnits < before.writeCapacityUnits);
    let decrease = change.table !== undefined && decreasing(model.targetSettings(), change.table);
    for (const [name, s] of change.indexes ?? []) if (decreasing(model.targetSettings(name), s)) decrease = true;
    return decrease;
  }

  /** The LimitExceededException message if this change is a decrease the daily budget refuses, else null. */
  decreaseRefusal(model: TableModel, change: CapacityChange, nowMs: number): string | null {
    if (!this.isDecrease(model, change)) return null;
    const budget = model.decreases;
    if (budget.allows(nowMs)) return null;
    const last = budget.lastMs(nowMs);
    return `Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. After the first 4 decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. Number of decreases today: ${budget.countToday(nowMs)}. Last decrease at ${new Date(last ?? nowMs).toISOString()}. Next decrease can be made at ${new Date(budget.nextAllowedMs(nowMs)).toISOString()}`;
  }

  /** Starts, replaces or (with null) stops a table's organic traffic. */
  setOrganic(model: TableModel, config: OrganicTrafficConfig | null): void {
    this.now();
    if (config === null) model.organic = null;
    else if (model.organic) model.organic.config = config;
    else model.organic = new OrganicTraffic(config);
  }

  private makeScalingHost(): ScalingHost {
    const find = (resourceId: string) => {
      const parsed = parseResourceId(resourceId);
      const model = parsed ? this.tables.get(parsed.tableName) : undefined;
      return parsed && model ? { model, indexName: parsed.indexName } : undefined;
    };
    const isWrite = (d: ScalableDimension) => d.endsWith('WriteCapacityUnits');
    return {
      consumedUnits: (resourceId, dimension, minuteMs) => {
        const f = find(resourceId);
        if (!f) return undefined;
        const metrics = f.indexName === undefined ? f.model.tableMetrics : f.model.indexMetrics.get(f.indexName);
        if (!metrics) return undefined;
        return (isWrite(dimension) ? metrics.consumedWrite : metrics.consumedRead).points.get(minuteMs)?.sum ?? 0;
      },
      currentCapacity: (resourceId, dimension) => {
        const f = find(resourceId);
        const s = f ? f.model.targetSettings(f.indexName) : undefined;
        if (!s || s.mode !== 'PROVISIONED') return undefined;
        return isWrite(dimension) ? s.writeCapacityUnits : s.readCapacityUnits;
      },
      setCapacity: (resourceId, dimension, capacity, nowMs) => {
        const f = find(resourceId);
        const s = f ? f.model.targetSettings(f.indexName) : undefined;
        if (!f || !s) return 'resource not found';
        const next: CapacitySettings = isWrite(dimension) ? { ...s, writeCapacityUnits: capacity } : { ...s, readCapacityUnits: capacity };
        try {
          this.requestCapacity(f.model, f.indexName === undefined ? { table: next } : { indexes: new Map([[f.indexName, next]]) }, nowMs);
        } catch (error) {
          if (error instanceof DecreaseLimitError) return error.message;
          throw error;
        }
        this.onCapacityChanged?.(f.model);
        return null;
      },
    };
  }

  /** The host auto scaling acts through (exposed for the Application Auto Scaling front). */
  get scaling(): ScalingHost {
    return this.scalingHost;
  }

  private recordGauges(model: TableModel, atMs: number): void {
    const pairs: [TableModel['tableMetrics'], CapacitySettings][] = [[model.tableMetrics, model.table.settings]];
    for (const [name, resource] of model.indexes) {
      const m = model.indexMetrics.get(name);
      if (m) pairs.push([m, resource.settings]);
    }
    for (const [metrics, s] of pairs) {
      if (s.mode === 'PROVISIONED') {
        metrics.provisionedWrite.gauge(atMs, s.writeCapacityUnits);
        metrics.provisionedRead.gauge(atMs, s.readCapacityUnits);
      } else {
        if ((s.maxWriteRequestUnits ?? -1) > 0) metrics.series('OnDemandMaxWriteRequestUnits').gauge(atMs, s.maxWriteRequestUnits as number);
        if ((s.maxReadRequestUnits ?? -1) > 0) metrics.series('OnDemandMaxReadRequestUnits').gauge(atMs, s.maxReadRequestUnits as number);
      }
    }
  }

  private recordOrganic(model: TableModel, results: OrganicStepResult[], atMs: number): void {
    for (const r of results) {
      const write = r.operation === 'Write';
      if (r.unitsServed > 0) (write ? model.tableMetrics.consumedWrite : model.tableMetrics.consumedRead).add(atMs, r.unitsServed, r.requestsServed);
      this.metrics.get(ORGANIC_NAMESPACE, write ? 'OrganicConsumedWriteCapacityUnits' : 'OrganicConsumedReadCapacityUnits', model.tableMetrics.dimensions).add(atMs, r.unitsServed, r.requestsServed);
      if (r.requestsThrottled > 0) {
        let dominant: ThrottleLimit = 'KeyRangeThroughputExceeded';
        let most = -1;
        for (const [limit, n] of r.limits) if (n > most) [dominant, most] = [limit, n];
        model.tableMetrics.throttled(model.table.event(r.operation, dominant), atMs, r.requestsThrottled);
        model.operationMetrics.throttledRequest(write ? 'PutItem' : 'GetItem', atMs, r.requestsThrottled);
        this.metrics.get(ORGANIC_NAMESPACE, write ? 'OrganicWriteThrottleEvents' : 'OrganicReadThrottleEvents', model.tableMetrics.dimensions).add(atMs, r.requestsThrottled, r.requestsThrottled);
      }
    }
  }

  /** Replays time-based work from the last processed instant up to `targetMs`. */
  advanceTo(targetMs: number): void {
    while (this.cursorMs < targetMs) {
      let anyOrganic = false;
      let nextPending = Number.POSITIVE_INFINITY;
      for (const model of this.tables.values()) {
        if (model.organic) anyOrganic = true;
        const first = model.pending[0];
        if (first && first.effectiveAtMs < nextPending) nextPending = first.effectiveAtMs;
      }
      const stepMs = anyOrganic ? this.organicStepMs : 1000;
      const boundary = (Math.floor(this.cursorMs / stepMs) + 1) * stepMs;
      const stepEnd = Math.min(targetMs, boundary, Math.max(nextPending, this.cursorMs + 1));
      const elapsed = stepEnd - this.cursorMs;
      this.cursorMs = stepEnd;
      for (const model of this.tables.values()) {
        if (model.organic) this.recordOrganic(model, model.organic.step(model.table, elapsed, stepEnd), stepEnd - 1);
        if (model.applyDue(stepEnd)) this.recordGauges(model, stepEnd);
      }
      if (stepEnd % 1000 === 0) {
        for (const model of this.tables.values()) for (const r of model.resources()) r.onSecond(stepEnd);
      }
      if (stepEnd % 60_000 === 0) {
        for (const model of this.tables.values()) {
          for (const r of model.resources()) r.onMinute(stepEnd);
          this.recordGauges(model, stepEnd);
        }
        this.autoScaling.evaluateMinute(stepEnd - 60_000, this.scalingHost, stepEnd);
      }
    }
  }

  /** Forgets all tables, metrics and scaling state (admin reset). */
  reset(): void {
    this.tables.clear();
    this.metrics.clear();
    for (const key of [...this.autoScaling.targets.keys()]) this.autoScaling.targets.delete(key);
    this.autoScaling.policies.clear();
    this.autoScaling.activities.length = 0;
    this.cursorMs = this.clock.now();
  }
}
