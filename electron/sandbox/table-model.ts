import { CapacityResource, type CapacityRules, type CapacitySettings } from './capacity-resource';
import { DecreaseBudget } from './decrease-budget';
import type { StoredTable } from './dynalite-engine';
import type { MetricStore } from './metric-store';
import type { OrganicTraffic } from './organic-traffic';
import type { Partition } from './partition-map';
import { OperationMetrics, ResourceMetrics } from './table-metrics';
import type { CapacityOperation, ThrottleEvent } from './throttle-reasons';

/** Key and projection of a global secondary index: what decides its write cost. */
export interface IndexSchema {
  name: string;
  arn: string;
  hashAttribute: string;
  rangeAttribute?: string;
  projectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes: string[];
}

/** What the capacity model needs from a table's schema. */
export interface TableSchema {
  name: string;
  arn: string;
  hashAttribute: string;
  rangeAttribute?: string;
  /** Global secondary indexes: each has capacity of its own. */
  indexes: IndexSchema[];
  /** Local secondary indexes: they share the table's capacity but are reported apart. */
  localIndexes?: IndexSchema[];
}

/** A capacity change waiting for its UpdateTable to finish. */
export interface PendingCapacity {
  effectiveAtMs: number;
  table?: CapacitySettings;
  indexes: Map<string, CapacitySettings>;
}

/** One resource's share of a request: where it lands and what it was charged. */
export interface ChargePart {
  resource: CapacityResource;
  metrics: ResourceMetrics;
  partition: Partition;
  hash: number;
  units: number;
}

/** A planned charge on one resource (before admission). */
export interface PlannedCharge {
  /** Undefined for the base table, else the GSI name. */
  indexName?: string;
  /** An LSI's share: charged to the table (an LSI has no capacity of its own), reported under the LSI. */
  localIndexName?: string;
  hash: number;
  units: number;
}

/** Units one request consumed, per resource, as ReturnConsumedCapacity reports them. */
export interface ConsumedUnits {
  table: number;
  indexes: Map<string, number>;
  /** LSI units; the table's capacity paid for them. */
  localIndexes: Map<string, number>;
}

/** Outcome of asking the model to start a request. */
export type AdmissionResult = { ok: true; parts: ChargePart[] } | { ok: false; events: ThrottleEvent[] };

/** The hash position of a dynalite storage key (first 6 hex digits). */
export function hashOfStorageKey(storageKey: string): number {
  return parseInt(storageKey.slice(0, 6), 16);
}

/** The schema facts the model needs, read from a stored description. */
export function schemaOf(table: StoredTable): TableSchema {
  const hash = table.KeySchema.find((k) => k.KeyType === 'HASH')?.AttributeName ?? '';
  const range = table.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return {
    name: table.TableName,
    arn: table.TableArn,
    hashAttribute: hash,
    ...(range !== undefined ? { rangeAttribute: range } : {}),
    indexes: (table.GlobalSecondaryIndexes ?? []).map((gsi) => indexSchemaOf(table, gsi)),
    localIndexes: (table.LocalSecondaryIndexes ?? []).map((lsi) => indexSchemaOf(table, lsi)),
  };
}

function indexSchemaOf(table: StoredTable, index: NonNullable<StoredTable['GlobalSecondaryIndexes']>[number]): IndexSchema {
  const ih = index.KeySchema.find((k) => k.KeyType === 'HASH')?.AttributeName ?? '';
  const ir = index.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return {
    name: index.IndexName,
    arn: index.IndexArn ?? `${table.TableArn}/index/${index.IndexName}`,
    hashAttribute: ih,
    ...(ir !== undefined ? { rangeAttribute: ir } : {}),
    projectionType: index.Projection.ProjectionType,
    nonKeyAttributes: index.Projection.NonKeyAttributes ?? [],
  };
}

/** Extra, non-capacity state some operations report (TTL, backups). */
export interface TableSideState {
  ttl: { status: 'ENABLED' | 'DISABLED'; attributeName?: string };
  pointInTimeRecovery: boolean;
  pitrEnabledAtMs?: number;
  backups: { BackupName: string; BackupArn: string; CreatedMs: number; SizeBytes: number }[];
}

/**
 * One table inside the sandbox: its capacity resources (table and GSIs), pending
 * capacity changes, decrease budget, organic traffic and metrics.
 */
export class TableModel {
  readonly table: CapacityResource;
  readonly indexes = new Map<string, CapacityResource>();
  readonly tableMetrics: ResourceMetrics;
  readonly indexMetrics = new Map<string, ResourceMetrics>();
  readonly operationMetrics: OperationMetrics;
  readonly decreases = new DecreaseBudget();
  pending: PendingCapacity[] = [];
  organic: OrganicTraffic | null = null;
  side: TableSideState = { ttl: { status: 'DISABLED' }, pointInTimeRecovery: false, backups: [] };

  constructor(
    public schema: TableSchema,
    settings: CapacitySettings,
    indexSettings: Map<string, CapacitySettings>,
    private readonly rules: CapacityRules,
    metrics: MetricStore,
    readonly createdAtMs: number,
  ) {
    this.table = new CapacityResource('Table', schema.name, undefined, schema.arn, settings, rules, createdAtMs);
    this.tableMetrics = new ResourceMetrics(metrics, schema.name);
    this.operationMetrics = new OperationMetrics(metrics, schema.name);
    for (const index of schema.indexes) {
      const s = indexSettings.get(index.name) ?? { ...settings };
      this.indexes.set(index.name, new CapacityResource('Index', schema.name, index.name, index.arn, s, rules, createdAtMs));
      this.indexMetrics.set(index.name, new ResourceMetrics(metrics, schema.name, index.name));
    }
  }

  get name(): string {
    return this.schema.name;
  }

  /** Adds capacity state for GSIs created later (UpdateTable with a Create update). */
  syncIndexes(schema: TableSchema, indexSettings: Map<string, CapacitySettings>, metrics: MetricStore, nowMs: number): void {
    this.schema = schema;
    for (const index of schema.indexes) {
      if (this.indexes.has(index.name)) continue;
      const s = indexSettings.get(index.name) ?? { ...this.table.settings };
      this.indexes.set(index.name, new CapacityResource('Index', schema.name, index.name, index.arn, s, this.rules, nowMs));
      this.indexMetrics.set(index.name, new ResourceMetrics(metrics, schema.name, index.name));
    }
    for (const name of [...this.indexes.keys()]) {
      if (!schema.indexes.some((i) => i.name === name)) this.indexes.delete(name);
    }
  }

  /** Every capacity resource, table first. */
  resources(): CapacityResource[] {
    return [this.table, ...this.indexes.values()];
  }

  private resourceOf(indexName: string | undefined): [CapacityResource, ResourceMetrics] | undefined {
    if (indexName === undefined) return [this.table, this.tableMetrics];
    const r = this.indexes.get(indexName);
    const m = this.indexMetrics.get(indexName);
    return r && m ? [r, m] : undefined;
  }

  /**
   * Admits a request whose planned charges touch the table and/or GSIs. All are
   * checked before any is charged, so a throttled request consumes nothing; throttle
   * events are counted on the metrics and partitions at `nowMs`.
   */
  admit(operation: CapacityOperation, planned: PlannedCharge[], nowMs: number): AdmissionResult {
    const parts: ChargePart[] = [];
    const events: ThrottleEvent[] = [];
    for (const plan of planned) {
      const found = this.resourceOf(plan.indexName);
      if (!found) continue;
      const [resource, metrics] = found;
      const admission = resource.check(operation, plan.hash, nowMs);
      if (admission.limit) {
        const event = resource.event(operation, admission.limit);
        events.push(event);
        resource.recordThrottle(operation, admission.partition, plan.hash);
        metrics.throttled(event, nowMs);
      } else {
        parts.push({ resource, metrics, partition: admission.partition, hash: plan.hash, units: plan.units });
      }
    }
    if (events.length > 0) return { ok: false, events };
    for (const part of parts) part.resource.charge(operation, part.partition, part.hash, part.units);
    return { ok: true, parts };
  }

  /**
   * Settles a served request: adjusts each part to its actual units, charges index
   * writes that were not planned (debt, like DynamoDB's after-the-fact charging), and
   * returns units per resource for ReturnConsumedCapacity.
   */
  settle(operation: CapacityOperation, parts: ChargePart[], actual: PlannedCharge[]): ConsumedUnits {
    const indexes = new Map<string, number>();
    const localIndexes = new Map<string, number>();
    let table = 0;
    const remaining = [...parts];
    for (const act of actual) {
      const found = this.resourceOf(act.indexName);
      if (!found) continue;
      const [resource, metrics] = found;
      const at = remaining.findIndex((p) => p.resource === resource && p.hash === act.hash);
      let part: ChargePart;
      if (at >= 0) {
        part = remaining.splice(at, 1)[0] as ChargePart;
        if (act.units !== part.units) resource.charge(operation, part.partition, part.hash, act.units - part.units);
      } else {
        part = { resource, metrics, partition: resource.partitions.find(act.hash), hash: act.hash, units: 0 };
        resource.charge(operation, part.partition, act.hash, act.units);
      }
      if (act.indexName !== undefined) indexes.set(act.indexName, (indexes.get(act.indexName) ?? 0) + act.units);
      else if (act.localIndexName !== undefined) localIndexes.set(act.localIndexName, (localIndexes.get(act.localIndexName) ?? 0) + act.units);
      else table += act.units;
    }
    // Planned parts that turned out not to happen are refunded.
    for (const part of remaining) part.resource.charge(operation, part.partition, part.hash, -part.units);
    return { table, indexes, localIndexes };
  }

  /**
   * Records one request's consumption: one sample per resource it touched, as
   * CloudWatch counts requests (SampleCount) and units (Sum).
   */
  recordConsumption(operation: CapacityOperation, units: ConsumedUnits, nowMs: number, includeTable = true): void {
    // LSI units are the table's: CloudWatch counts them in the table's consumption.
    let tableUnits = units.table;
    for (const n of units.localIndexes.values()) tableUnits += n;
    if (includeTable) (operation === 'Write' ? this.tableMetrics.consumedWrite : this.tableMetrics.consumedRead).add(nowMs, tableUnits, 1);
    for (const [name, n] of units.indexes) {
      const m = this.indexMetrics.get(name);
      if (m) (operation === 'Write' ? m.consumedWrite : m.consumedRead).add(nowMs, n, 1);
    }
  }

  /** Capacity settings in force or being applied (what DescribeTable shows). */
  targetSettings(indexName?: string): CapacitySettings | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i] as PendingCapacity;
      const s = indexName === undefined ? p.table : p.indexes.get(indexName);
      if (s) return s;
    }
    return indexName === undefined ? this.table.settings : this.indexes.get(indexName)?.settings;
  }

  /** Applies pending changes whose time has come; true when something changed. */
  applyDue(nowMs: number): boolean {
    let changed = false;
    while (this.pending.length > 0 && (this.pending[0] as PendingCapacity).effectiveAtMs <= nowMs) {
      const p = this.pending.shift() as PendingCapacity;
      if (p.table) this.table.applySettings(p.table, p.effectiveAtMs);
      for (const [name, s] of p.indexes) this.indexes.get(name)?.applySettings(s, p.effectiveAtMs);
      changed = true;
    }
    return changed;
  }
}
