import { HASH_SPACE, type Partition } from './partition-map';
import type { OrganicMinute, OrganicTrafficConfig } from '../../shared/sandbox/organic-config';

export { organicTrafficSchema, type OrganicMinute, type OrganicTrafficConfig, type OrganicTrafficInput } from '../../shared/sandbox/organic-config';
import type { CapacityResource } from './capacity-resource';
import type { ThrottleLimit } from './throttle-reasons';

/** What one step served and refused, for metrics. */
export interface OrganicStepResult {
  operation: 'Read' | 'Write';
  unitsServed: number;
  requestsServed: number;
  requestsThrottled: number;
  limits: Map<ThrottleLimit, number>;
}

/** Rate multiplier of the pattern and spikes at `nowMs`. */
export function organicShape(config: OrganicTrafficConfig, nowMs: number): number {
  let shape = 1;
  if (config.pattern.kind === 'sine') {
    const { periodMs, amplitude, phaseMs } = config.pattern;
    shape = 1 + amplitude * Math.sin((2 * Math.PI * (nowMs - phaseMs)) / periodMs);
  }
  for (const spike of config.spikes) {
    const into = (((nowMs - spike.offsetMs) % spike.everyMs) + spike.everyMs) % spike.everyMs;
    if (into < spike.durationMs) shape *= spike.multiplier;
  }
  return Math.max(0, shape);
}

/** Units per request for the configured item size. */
export function organicUnitsPerRequest(config: OrganicTrafficConfig, operation: 'Read' | 'Write'): number {
  if (operation === 'Write') return Math.max(1, Math.ceil(config.itemSizeBytes / 1024));
  const units = Math.max(1, Math.ceil(config.itemSizeBytes / 4096));
  return config.consistentReads ? units : units / 2;
}

function shares(config: OrganicTrafficConfig, resource: CapacityResource): [Partition, number][] {
  const parts = resource.partitions.partitions;
  const out: [Partition, number][] = parts.map((p) => [p, (p.endHash - p.startHash) / HASH_SPACE]);
  if (config.distribution.kind === 'hot-key') {
    const hot = resource.partitions.find(config.distribution.hotKeyHash);
    const f = config.distribution.hotFraction;
    for (const entry of out) entry[1] = entry[1] * (1 - f) + (entry[0] === hot ? f : 0);
  }
  return out;
}

/**
 * Organic traffic of one table: runs in steps of the sandbox clock against the same
 * capacity buckets as client requests, without storing items (only capacity matters).
 */
export class OrganicTraffic {
  readonly minutes: OrganicMinute[] = [];
  totals = { writeUnitsServed: 0, writeRequestsThrottled: 0, readUnitsServed: 0, readRequestsThrottled: 0 };
  private carry = { writeServed: 0, writeThrottled: 0, readServed: 0, readThrottled: 0 };

  constructor(public config: OrganicTrafficConfig) {}

  private minute(nowMs: number): OrganicMinute {
    const minuteStartMs = nowMs - (nowMs % 60_000);
    const last = this.minutes[this.minutes.length - 1];
    if (last && last.minuteStartMs === minuteStartMs) return last;
    const fresh: OrganicMinute = {
      minuteStartMs,
      writeUnitsRequested: 0,
      writeUnitsServed: 0,
      writeRequestsThrottled: 0,
      readUnitsRequested: 0,
      readUnitsServed: 0,
      readRequestsThrottled: 0,
    };
    this.minutes.push(fresh);
    if (this.minutes.length > 24 * 60) this.minutes.shift();
    return fresh;
  }

  /** Runs the traffic of the `stepMs` ending at `nowMs`; returns what to report as metrics. */
  step(resource: CapacityResource, stepMs: number, nowMs: number): OrganicStepResult[] {
    const results: OrganicStepResult[] = [];
    const shape = organicShape(this.config, nowMs);
    const minute = this.minute(nowMs - 1);
    for (const operation of ['Write', 'Read'] as const) {
      const base = operation === 'Write' ? this.config.writeUnitsPerSecond : this.config.readUnitsPerSecond;
      const wanted = (base * shape * stepMs) / 1000;
      if (wanted <= 0) continue;
      const perRequest = organicUnitsPerRequest(this.config, operation);
      let served = 0;
      const limits = new Map<ThrottleLimit, number>();
      for (const [partition, share] of shares(this.config, resource)) {
        const units = wanted * share;
        if (units <= 0) continue;
        const taken = resource.takeAggregate(operation, partition, units, nowMs);
        served += taken.served;
        if (taken.limit) {
          const refused = (units - taken.served) / perRequest;
          limits.set(taken.limit, (limits.get(taken.limit) ?? 0) + refused);
          if (operation === 'Write') partition.current.throttledWrites += refused;
          else partition.current.throttledReads += refused;
        }
      }
      const key = operation === 'Write' ? 'write' : 'read';
      const servedRequestsExact = served / perRequest + this.carry[`${key}Served`];
      const requestsServed = Math.floor(servedRequestsExact);
      this.carry[`${key}Served`] = servedRequestsExact - requestsServed;
      let throttledExact = this.carry[`${key}Throttled`];
      for (const n of limits.values()) throttledExact += n;
      const requestsThrottled = Math.floor(throttledExact);
      this.carry[`${key}Throttled`] = throttledExact - requestsThrottled;
      if (operation === 'Write') {
        minute.writeUnitsRequested += wanted;
        minute.writeUnitsServed += served;
        minute.writeRequestsThrottled += requestsThrottled;
        this.totals.writeUnitsServed += served;
        this.totals.writeRequestsThrottled += requestsThrottled;
      } else {
        minute.readUnitsRequested += wanted;
        minute.readUnitsServed += served;
        minute.readRequestsThrottled += requestsThrottled;
        this.totals.readUnitsServed += served;
        this.totals.readRequestsThrottled += requestsThrottled;
      }
      results.push({ operation, unitsServed: served, requestsServed, requestsThrottled, limits });
    }
    return results;
  }
}
