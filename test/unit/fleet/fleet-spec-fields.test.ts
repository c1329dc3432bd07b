import { describe, expect, it } from 'vitest';
import { BACKFILL_FLEET_FIELDS, LOAD_FLEET_FIELDS } from '../../../electron/engine/fleet/fleet-spec-fields';
import { fleetProblem } from '../../../electron/engine/fleet-plan';
import { shardSpecOf } from '../../../electron/engine/fleet-shard-jobs';
import { backfillJobSpecSchema } from '../../../shared/backfill-spec';
import { jobSpecSchema, loadJobSpecSchema, loadSourceSchema, type JobSpecInput, type LoadJobSpec } from '../../../shared/job-spec';

const connection = { kind: 'endpoint', endpoint: 'http://127.0.0.1:9', region: 'us-east-1' } as const;
const fleet = { queue: 'redis://127.0.0.1:6379' };

const load = (extra: Partial<JobSpecInput & { kind: 'load' }> = {}) => jobSpecSchema.parse({
  kind: 'load', connection, table: 'things', source: { path: 's3://b/in/' }, mapping: { templates: [{ attribute: 'pk', template: '{id}' }] }, fleet, ...extra,
});
const backfill = (extra: Record<string, unknown> = {}) => jobSpecSchema.parse({ kind: 'backfill', connection, table: 'things', operation: { kind: 'count' }, fleet, ...extra });

/** The keys of a zod object, under a default if it has one. */
function keysOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; unwrap?: () => unknown };
  if (s.shape) return Object.keys(s.shape).sort();
  return keysOf(s.unwrap!());
}

describe('what a fleet run does with each spec field', () => {
  it('names every field of the load and backfill specs (a new field must be decided for the fleet)', () => {
    expect(Object.keys(LOAD_FLEET_FIELDS.spec).sort()).toEqual(keysOf(loadJobSpecSchema));
    expect(Object.keys(LOAD_FLEET_FIELDS.source).sort()).toEqual(keysOf(loadSourceSchema));
    expect(Object.keys(LOAD_FLEET_FIELDS.options).sort()).toEqual(keysOf(loadJobSpecSchema.shape.options));
    expect(Object.keys(BACKFILL_FLEET_FIELDS.spec).sort()).toEqual(keysOf(backfillJobSpecSchema));
    expect(Object.keys(BACKFILL_FLEET_FIELDS.scan).sort()).toEqual(keysOf(backfillJobSpecSchema.shape.scan));
  });

  it('refuses worker threads in words, for a load and a backfill', () => {
    expect(fleetProblem(load({ options: { workers: 4 } }))).toMatch(/^--workers 4 \(the spec's options\.workers\) sets worker threads on this machine; a fleet runs each shard on one thread of a capstan worker, and how many run at once is each worker's --concurrency/);
    expect(fleetProblem(backfill({ scan: { workers: 2 } }))).toMatch(/^--workers 2 \(the spec's scan\.workers\) sets worker threads on this machine/);
    expect(fleetProblem(backfill({ trial: { fraction: 0.1 } }))).toMatch(/A trial runs locally/);
  });

  it('accepts what the coordinator honours: afterLoad, autoScaling and every limit', () => {
    const spec = load({
      source: { path: 's3://b/in/', afterLoad: { donePrefix: 's3://b/done/', failedPrefix: 's3://b/failed/', deleteOriginals: true } },
      autoScaling: { writeTargetDuringJob: 0.8 }, limits: { maxWcuPerSecond: 300, maxRejects: 5, maxCostUsd: 2 },
    });
    expect(fleetProblem(spec)).toBeNull();
    expect(fleetProblem(backfill({ limits: { maxWcuPerSecond: 300, maxFailures: 5, maxCostUsd: 2 } }))).toBeNull();
  });

  it("a shard's spec leaves the coordinator's fields to the coordinator and keeps the rest", () => {
    const spec = load({
      source: { path: 's3://b/in/', format: 'csv', delimiter: ';', afterLoad: { donePrefix: 's3://b/done/' } },
      autoScaling: { writeTargetDuringJob: 0.8 }, limits: { maxRejects: 5 }, writeMode: 'insert-only', options: { inFlightPerWorker: 8, transport: 'sdk' },
    }) as LoadJobSpec;
    const entry = { name: 's3://b/in/a.csv', sizeBytes: 10 };
    const shard = shardSpecOf(spec, { kind: 'byte-range', entry, startByte: 0, endByte: 10 } as never) as LoadJobSpec;
    expect(shard.source).not.toHaveProperty('afterLoad');
    expect(shard).not.toHaveProperty('autoScaling');
    expect(shard).not.toHaveProperty('fleet');
    expect(shard.limits).toEqual({});
    expect(shard.rate).toEqual({ mode: 'fixed', wcuPerSecond: 1 });
    expect(shard.source).toMatchObject({ path: 's3://b/in/a.csv', delimiter: ';' });
    expect(shard).toMatchObject({ writeMode: 'insert-only', mapping: spec.mapping, options: { workers: 1, inFlightPerWorker: 8, transport: 'sdk' } });
  });
});
