import { z } from 'zod';
import type { CapacityResource } from './capacity-resource';
import { isManualClock } from './clock';
import type { DynaliteEngine } from './dynalite-engine';
import type { DynamoDbFront } from './dynamodb-front';
import { faultConfigSchema, faultSettingsSchema, noFaults, type FaultConfig, type FaultSettings } from './faults';
import { organicTrafficSchema, type OrganicTrafficConfig, type OrganicTrafficInput } from './organic-traffic';
import { PARTITION_READ_UNITS_PER_SECOND, PARTITION_WRITE_UNITS_PER_SECOND } from './partition-map';
import type { SandboxModel } from './sandbox-model';
import type { OrganicView, ResourceView, SandboxState, TableView } from '../../shared/sandbox/sandbox-views';

export type { OrganicView, PartitionView, ResourceView, SandboxState, TableView } from '../../shared/sandbox/sandbox-views';

/** Body of POST /_sandbox/clock/advance. */
export const advanceSchema = z.object({ ms: z.number().min(0).max(7 * 24 * 3_600_000) });

function resourceView(r: CapacityResource, nowMs: number): ResourceView {
  const provisioned = r.settings.mode === 'PROVISIONED';
  return {
    name: r.indexName ?? r.tableName,
    arn: r.arn,
    mode: r.settings.mode,
    readCapacityUnits: r.settings.readCapacityUnits,
    writeCapacityUnits: r.settings.writeCapacityUnits,
    maxReadRequestUnits: (r.settings.maxReadRequestUnits ?? -1) > 0 ? (r.settings.maxReadRequestUnits as number) : null,
    maxWriteRequestUnits: (r.settings.maxWriteRequestUnits ?? -1) > 0 ? (r.settings.maxWriteRequestUnits as number) : null,
    burstWriteUnits: provisioned ? r.writeBank.available(nowMs) : null,
    burstReadUnits: provisioned ? r.readBank.available(nowMs) : null,
    onDemandPeakPerSecond: provisioned ? null : r.peak.peakAt(nowMs),
    onDemandPendingPeakPerSecond: provisioned ? null : r.peak.pendingPeak(),
    partitions: r.partitions.partitions.map((p) => ({
      id: p.id,
      startHash: p.startHash,
      endHash: p.endHash,
      writeUnitsPerSecond: p.lastSecond.writeUnits,
      readUnitsPerSecond: p.lastSecond.readUnits,
      throttledWritesPerSecond: p.lastSecond.throttledWrites,
      throttledReadsPerSecond: p.lastSecond.throttledReads,
      writeLimitPerSecond: PARTITION_WRITE_UNITS_PER_SECOND,
      readLimitPerSecond: PARTITION_READ_UNITS_PER_SECOND,
      hotSinceMs: p.hotSinceMs,
    })),
  };
}

/**
 * In-process control of a running sandbox: what the app's Sandbox page and tests use
 * (the `/_sandbox/` HTTP API is a thin JSON wrapper over these methods).
 */
export class SandboxAdmin {
  private faultConfig: FaultConfig = noFaults();

  constructor(
    private readonly model: SandboxModel,
    private readonly engine: DynaliteEngine,
    private readonly front: DynamoDbFront,
  ) {}

  /** Current simulated time (ms epoch). */
  now(): number {
    return this.model.now();
  }

  /** Everything at a glance. */
  state(): SandboxState {
    const nowMs = this.model.now();
    return {
      nowMs,
      manualClock: isManualClock(this.model.clock),
      metricsDelayMs: this.model.metrics.publishDelayMs,
      capacityUpdateDelayMs: this.model.capacityUpdateDelayMs,
      tables: [...this.model.tables.keys()].map((name) => this.table(name) as TableView),
      faults: this.faults(),
    };
  }

  /** One table with its partitions and their load, or undefined. */
  table(name: string): TableView | undefined {
    const nowMs = this.model.now();
    const model = this.model.tables.get(name);
    if (!model) return undefined;
    return {
      name,
      status: model.pending.length > 0 ? 'UPDATING' : 'ACTIVE',
      table: resourceView(model.table, nowMs),
      indexes: [...model.indexes.values()].map((r) => resourceView(r, nowMs)),
      pendingCapacityChanges: model.pending.map((p) => ({ effectiveAtMs: p.effectiveAtMs })),
      decreasesToday: model.decreases.countToday(nowMs),
      organic: this.organic(name) ?? null,
    };
  }

  /** Organic traffic of a table (config, totals, per-minute counters), or undefined. */
  organic(name: string): OrganicView | undefined {
    const o = this.model.tables.get(name)?.organic;
    if (!o) {
      const preset = this.model.organicPresets.get(name);
      return preset ? { config: preset, totals: { writeUnitsServed: 0, writeRequestsThrottled: 0, readUnitsServed: 0, readRequestsThrottled: 0 }, minutes: [] } : undefined;
    }
    return { config: o.config, totals: { ...o.totals }, minutes: o.minutes.map((m) => ({ ...m })) };
  }

  /** Starts or changes a table's organic traffic; kept as a preset if the table does not exist yet. */
  setOrganic(name: string, input: OrganicTrafficInput): OrganicTrafficConfig {
    const config = organicTrafficSchema.parse(input);
    this.model.organicPresets.set(name, config);
    const model = this.model.tables.get(name);
    if (model) this.model.setOrganic(model, config);
    return config;
  }

  /** Stops a table's organic traffic. */
  clearOrganic(name: string): void {
    this.model.organicPresets.delete(name);
    const model = this.model.tables.get(name);
    if (model) this.model.setOrganic(model, null);
  }

  /** Current fault configuration. */
  faults(): FaultConfig {
    return structuredClone(this.faultConfig);
  }

  /** Replaces the fault configuration (global and per table). */
  setFaults(input: z.input<typeof faultConfigSchema>): FaultConfig {
    this.faultConfig = faultConfigSchema.parse(input);
    return this.faults();
  }

  /** Sets or (with null) clears one table's faults. */
  setTableFaults(name: string, input: z.input<typeof faultSettingsSchema> | null): FaultConfig {
    if (input === null) delete this.faultConfig.tables[name];
    else this.faultConfig.tables[name] = faultSettingsSchema.parse(input) as FaultSettings;
    return this.faults();
  }

  /** The live configuration the server reads on each request. */
  get liveFaults(): FaultConfig {
    return this.faultConfig;
  }

  /** Moves a manual clock forward and replays what happens meanwhile. */
  advance(ms: number): number {
    const clock = this.model.clock;
    if (!isManualClock(clock)) throw new Error('the sandbox runs on the wall clock; advance needs a manual clock');
    clock.advance(ms);
    return this.model.now();
  }

  /** Deletes every table, metric, organic preset, fault and scaling target. */
  async reset(): Promise<void> {
    const listed = await this.engine.run('ListTables', {});
    const names = (listed.TableNames as string[] | undefined) ?? [];
    for (const name of names) {
      await this.engine.run('DeleteTable', { TableName: name }).catch(() => undefined);
    }
    // dynalite finishes a delete on its next timer tick; wait so the names are free again.
    for (const name of names) {
      for (let i = 0; i < 200 && (await this.engine.getTable(name)) !== undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    this.model.reset();
    this.model.organicPresets.clear();
    this.front.clearCache();
    this.faultConfig = noFaults();
  }
}
