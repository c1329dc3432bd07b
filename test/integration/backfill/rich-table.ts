import { CreateTableCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import type { BackfillJobSpecInput } from '../../../shared/backfill-spec';
import type { JobReport } from '../../../shared/job-report';
import { jobSpecSchema, type JobSpec } from '../../../shared/job-spec';
import { startSandboxEngine, type SandboxEngine } from '../../support/sandbox-engine';
import { scanAll } from '../../support/table-reader';
import { createFixtureTable, fixtureItem, populate } from './backfill-fixtures';

/** Items per table: a few thousand, enough for several partitions and several pages per segment. */
export const ITEMS = 3_000;
/** 4,000 WCU and 3,000 RCU: ceil(3000/3000 + 4000/1000) = 5 partitions. */
export const CAPACITY = { wcu: 4_000, rcu: 3_000 };
/** Small pages over 32 segments: about 4 pages a segment, so every segment is continued from its LastEvaluatedKey. */
export const SCAN = { segments: 32, workers: 2, pageLimit: 25 };
const RATE = { mode: 'fixed', wcuPerSecond: 3_000, rcuPerSecond: 6_000 } as const;
const STATUSES = ['open', 'done', 'closed'] as const;

/**
 * Item i of the copy, update and find tests: the add-ttl fixture item plus every attribute
 * type (sets, a binary, a map, a list, BOOL, NULL), a status on most items, an owner on
 * most, a revision counter on some (text on a few, which an ADD cannot add to) and a
 * 1.5 KB note on a few (2 WCU items).
 */
export function richItem(i: number): Record<string, AttributeValue> {
  const item = fixtureItem(i);
  const status = statusOf(i);
  if (status) item.status = { S: status };
  if (i % 5 !== 0) item.owner = { S: `owner-${i}` };
  if (i % 4 === 1) item.revisions = { N: String(i % 9) };
  if (i % 97 === 5) item.revisions = { S: 'n/a' };
  item.secret = { S: `secret-${i}` };
  item.flags = { M: { vip: { BOOL: i % 11 === 0 }, note: { NULL: true }, level: { N: String(i % 4) } } };
  item.history = { L: [{ S: 'created' }, { N: String(i % 13) }, { M: { by: { S: `user-${i % 17}` } } }] };
  item.tags = { SS: ['all', `t${i % 5}`] };
  item.scores = { NS: [String(i), String(i + 0.5)] };
  item.blob = { B: Uint8Array.from([i & 255, (i >> 8) & 255, 7]) };
  if (i % 100 === 42) item.note = { S: 'x'.repeat(1_500) };
  return item;
}

/** The status richItem(i) has (none on every seventh item). */
export function statusOf(i: number): (typeof STATUSES)[number] | null {
  return i % 7 === 6 ? null : STATUSES[i % 3]!;
}

/** The item numbers i < ITEMS for which the predicate holds. */
export const indexes = (predicate: (i: number) => boolean) => Array.from({ length: ITEMS }, (_, i) => i).filter(predicate);

/** An item in the one form the tests compare (see canonical). */
export type Canonical = Record<string, unknown>;

/**
 * An item in one comparable form, whether it came from the SDK (binaries as bytes) or
 * from a wire-JSON file (binaries as base64): binaries as base64, set members sorted.
 */
export function canonical(item: Record<string, unknown>): Canonical {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, canonicalValue(value as Record<string, unknown>)]));
}

/** One attribute value in canonical form (see canonical). */
function canonicalValue(value: Record<string, unknown>): unknown {
  const base64 = (b: unknown) => (typeof b === 'string' ? b : Buffer.from(b as Uint8Array).toString('base64'));
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: (value.BS as unknown[]).map(base64).sort() };
  if (value.SS !== undefined) return { SS: [...(value.SS as string[])].sort() };
  if (value.NS !== undefined) return { NS: [...(value.NS as string[])].sort() };
  if (value.L !== undefined) return { L: (value.L as Record<string, unknown>[]).map(canonicalValue) };
  if (value.M !== undefined) return { M: canonical(value.M as Record<string, unknown>) };
  return value;
}

/** Every item of a table in canonical form, by partition key. */
export async function tableByKey(client: DynamoDBClient, table: string, keyName = 'pk'): Promise<Map<string, Canonical>> {
  const items = await scanAll(client, table);
  const byKey = new Map(items.map((item) => [item[keyName]!.S!, canonical(item)]));
  expect(byKey.size, `duplicate keys in ${table}`).toBe(items.length);
  return byKey;
}

/** A provisioned table with a string hash key of any name. */
export async function createTableKeyedOn(client: DynamoDBClient, name: string, keyName: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: CAPACITY.rcu, WriteCapacityUnits: CAPACITY.wcu },
  }));
}

/** Differences between what a table holds and what it should hold, a few at most (an empty list when they agree). */
export function differences(actual: Map<string, Canonical>, expected: Map<string, Canonical>): string[] {
  const out: string[] = [];
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (!got) out.push(`${key}: missing`);
    else if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(want))) out.push(`${key}: ${JSON.stringify(sortKeys(got))} instead of ${JSON.stringify(sortKeys(want))}`);
  }
  for (const key of actual.keys()) if (!expected.has(key)) out.push(`${key}: not expected`);
  return out.slice(0, 5);
}

/** The same value with object keys in one order, so that JSON text compares values. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** Asserts that a job completed, naming its error when it did not. */
export function expectCompleted(report: JobReport): void {
  expect(report.job.state, `${report.error?.name}: ${report.error?.message}`).toBe('completed');
}

/** A sandbox and an engine with tables of rich items, and the way these tests start jobs on them. */
export interface RichTables extends SandboxEngine {
  /** The `source` table as stored before any job ran, checked to hold exactly the test's own items. */
  source: Map<string, Canonical>;
  /** A backfill spec on the sandbox with these tests' scan and rates. */
  spec(input: Omit<BackfillJobSpecInput, 'kind' | 'connection'>): JobSpec;
  /** Starts a backfill in the engine and waits for its report. */
  run(input: Omit<BackfillJobSpecInput, 'kind' | 'connection'>): Promise<JobReport>;
}

/**
 * Starts a sandbox and an engine (see startSandboxEngine) and fills `source` and each of
 * `tables` with ITEMS rich items; the caller closes it.
 */
export async function startRichTables(name: string, tables: string[] = []): Promise<RichTables> {
  const world = await startSandboxEngine(name);
  try {
    for (const table of ['source', ...tables]) {
      await createFixtureTable(world.client, table, CAPACITY);
      await populate(world.client, table, ITEMS, richItem);
    }
    const source = await tableByKey(world.client, 'source');
    // The reference every copy and find is compared with holds exactly the test's own items.
    expect(differences(source, new Map(indexes(() => true).map((i) => [fixtureItem(i).pk!.S!, canonical(richItem(i))])))).toEqual([]);
    const spec = (input: Omit<BackfillJobSpecInput, 'kind' | 'connection'>) =>
      jobSpecSchema.parse({ kind: 'backfill', connection: world.connection(), scan: SCAN, rate: RATE, ...input } satisfies BackfillJobSpecInput);
    return {
      ...world, source, spec,
      async run(input) {
        const job = await world.engine.jobs.start(spec(input));
        const report = await world.engine.jobs.waitForEnd(job.id);
        expect(report).not.toBeNull();
        return report!;
      },
    };
  } catch (error) {
    await world.close();
    throw error;
  }
}
