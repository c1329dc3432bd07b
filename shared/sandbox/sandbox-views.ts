import type { FaultConfig } from './fault-config';
import type { OrganicMinute, OrganicTrafficConfig } from './organic-config';

/**
 * What the sandbox shows of itself: tables, their partitions and load (the heat map),
 * organic traffic and faults. Shared, so the renderer's Sandbox page can draw it.
 */

/** One partition as the heat map shows it (load of the last complete second). */
export interface PartitionView {
  id: number;
  startHash: number;
  endHash: number;
  writeUnitsPerSecond: number;
  readUnitsPerSecond: number;
  throttledWritesPerSecond: number;
  throttledReadsPerSecond: number;
  writeLimitPerSecond: number;
  readLimitPerSecond: number;
  /** Since when it has been hot (ms epoch), null when it is not. */
  hotSinceMs: number | null;
}

/** Capacity state of a table or GSI. */
export interface ResourceView {
  name: string;
  arn: string;
  mode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readCapacityUnits: number;
  writeCapacityUnits: number;
  maxReadRequestUnits: number | null;
  maxWriteRequestUnits: number | null;
  /** Provisioned: burst bank balance in units (300 s of unused capacity at most). */
  burstWriteUnits: number | null;
  burstReadUnits: number | null;
  /** On-demand: previous peak in write-equivalent units/s, and what it is ramping to. */
  onDemandPeakPerSecond: number | null;
  onDemandPendingPeakPerSecond: number | null;
  partitions: PartitionView[];
}

/** Organic traffic state of a table, kept apart from bulk work. */
export interface OrganicView {
  config: OrganicTrafficConfig;
  totals: { writeUnitsServed: number; writeRequestsThrottled: number; readUnitsServed: number; readRequestsThrottled: number };
  minutes: OrganicMinute[];
}

/** A table as the Sandbox page shows it. */
export interface TableView {
  name: string;
  status: 'ACTIVE' | 'UPDATING';
  table: ResourceView;
  indexes: ResourceView[];
  pendingCapacityChanges: { effectiveAtMs: number }[];
  decreasesToday: number;
  organic: OrganicView | null;
}

/** The whole sandbox at a glance. */
export interface SandboxState {
  nowMs: number;
  manualClock: boolean;
  metricsDelayMs: number;
  capacityUpdateDelayMs: number;
  tables: TableView[];
  faults: FaultConfig;
}

