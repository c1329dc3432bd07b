import { z } from 'zod';
import { jobNameSchema, tableNameSchema } from './spec-names';
import { fleetSpecSchema } from './fleet-status';
import { connectionRefSchema } from './connection-ref';
import { costSpecSchema } from './cost-spec';
import { rateModeSchema, type RateMode } from './rate-modes';

/**
 * The backfill job spec: walk a live table with a shuffled parallel scan and change (or
 * only read) its items. Like every job spec it is data: the wizard builds it, the CLI
 * reads it, the report embeds it.
 */

/**
 * A value in an expression's placeholders: plain JSON (a string becomes S, a number N, a
 * boolean BOOL, null NULL, arrays L, objects M) or an explicit DynamoDB attribute value
 * such as `{"N": "42"}` when the plain form would guess wrong.
 */
export const placeholderValueSchema: z.ZodType<unknown> = z
  .unknown()
  .refine((value) => !hasNonFiniteNumber(value), 'a number must be finite: Infinity and NaN are not DynamoDB numbers (and a saved spec would turn them into null)');

function hasNonFiniteNumber(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFiniteNumber);
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.values(value).some(hasNonFiniteNumber);
  return false;
}

/** An expression with its `#name` and `:value` placeholders, as DynamoDB takes them. */
export const expressionSchema = z.object({
  expression: z.string().min(1),
  names: z.record(z.string().regex(/^#/, 'name placeholders start with #'), z.string().min(1)).default({}),
  values: z.record(z.string().regex(/^:/, 'value placeholders start with :'), placeholderValueSchema).default({}),
});
/** A validated expression with placeholders. */
export type ExpressionSpec = z.infer<typeof expressionSchema>;

/**
 * What the backfill does to each item it reads. Every writing operation is conditional
 * on the item still being the one read (or on the change not being there yet), so an
 * organic write is never overwritten and a re-run changes nothing twice.
 */
export const backfillOperationSchema = z.discriminatedUnion('kind', [
  /** Sets `attribute` to epoch seconds of `fromAttribute` + `addDays`, only where it is missing. */
  z.object({
    kind: z.literal('add-ttl'),
    attribute: z.string().min(1).default('ttl'),
    /** A date: ISO-8601 text, or a number of epoch seconds (or milliseconds, when it is that large). */
    fromAttribute: z.string().min(1),
    addDays: z.number().default(0),
  }),
  /** Sets `attribute` from a template of other attributes (`{state}#{city}`), only where missing or different. */
  z.object({
    kind: z.literal('derive'),
    attribute: z.string().min(1),
    template: z.string().min(1),
    type: z.enum(['S', 'N']).default('S'),
  }),
  /** Deletes the items matching a condition; the condition is checked again by the delete itself. */
  z.object({
    kind: z.literal('delete-where'),
    where: expressionSchema,
  }),
  /**
   * Any UpdateExpression, guarded by a ConditionExpression (required: it is what makes a
   * re-run harmless). An update that changes an item again when applied twice (ADD to a
   * number, `SET n = n + :x`, `list_append(l, ...)`) is refused unless its condition
   * tests an attribute the update changes (so it turns false once applied), or the
   * operator sets `acceptReapplyRisk`: a resume after a crash may then apply it twice to
   * the items in flight at the last checkpoint, and the report says so.
   */
  z.object({
    kind: z.literal('update'),
    update: z.string().min(1),
    condition: z.string().min(1),
    names: z.record(z.string(), z.string()).default({}),
    values: z.record(z.string(), placeholderValueSchema).default({}),
    acceptReapplyRisk: z.boolean().default(false),
  }),
  /** Every (filtered) item into another table, possibly in another region, optionally transformed. */
  z.object({
    kind: z.literal('copy'),
    targetTable: tableNameSchema,
    /** The target's connection; the source's when absent. */
    targetConnection: connectionRefSchema.optional(),
    /** Replace items already in the target (destructive); by default an existing item is left alone and counted as skipped. */
    overwrite: z.boolean().default(false),
    /** Attributes left out of the copy. */
    drop: z.array(z.string()).default([]),
    /** Attributes set to the same value on every copy. */
    set: z.record(z.string(), placeholderValueSchema).default({}),
  }),
  /** Read-only: counts the (filtered) items. */
  z.object({ kind: z.literal('count') }),
  /** Read-only: writes the (filtered) items to a file, DynamoDB JSON lines. */
  z.object({ kind: z.literal('find'), outputPath: z.string().min(1) }),
]);
/** A validated backfill operation. */
export type BackfillOperation = z.infer<typeof backfillOperationSchema>;
/** The kinds of backfill operation. */
export type BackfillOperationKind = BackfillOperation['kind'];

/**
 * What protects the table from a destructive job: a confirmation naming the table, and
 * point-in-time recovery or an on-demand backup taken by the job, or an explicit
 * override that the report records.
 */
export const backfillSafetySchema = z.object({
  /** Must equal the name of the table the job changes (the target table for a copy). */
  confirmTable: z.string().optional(),
  /**
   * `pitr`: point-in-time recovery must be on, and the job turns it on when it is off;
   * `on-demand`: the job takes a backup before its first write; `none`: PITR must
   * already be on, unless overridden.
   */
  backup: z.enum(['none', 'pitr', 'on-demand']).default('none'),
  /** Start without PITR or a backup anyway; the report's notes record it. */
  overrideNoBackup: z.boolean().default(false),
});
/** A validated safety section. */
export type BackfillSafety = z.infer<typeof backfillSafetySchema>;

/**
 * A backfill's rates: its writes take any rate mode a load takes (one schema, shared/rate-modes.ts:
 * fixed, fill, share of organic traffic, time windows, on-demand aware), its scan reads at
 * the operator's `rcuPerSecond`. A spec of earlier versions, `{mode: 'fixed', wcuPerSecond,
 * rcuPerSecond}`, is one of these.
 */
export const backfillRateSchema = z.intersection(
  rateModeSchema,
  z.object({
    /** Read capacity per second the scan may use. */
    rcuPerSecond: z.number().positive().max(1_000_000),
  }),
);
/** A backfill's write mode and read rate. */
export type BackfillRate = z.infer<typeof backfillRateSchema>;

/** The write side of a backfill's rates: its rate mode, without the read rate. */
export function backfillWriteMode(rate: BackfillRate): RateMode {
  const { rcuPerSecond: _read, ...mode } = rate;
  return mode as RateMode;
}

/** A backfill job: a shuffled parallel scan of a live table, an operation per item. */
export const backfillJobSpecSchema = z.object({
  kind: z.literal('backfill'),
  name: jobNameSchema.optional(),
  connection: connectionRefSchema,
  table: tableNameSchema,
  operation: backfillOperationSchema,
  /** Scan only the items matching this (a Scan FilterExpression); the others count as unchanged. */
  filter: expressionSchema.optional(),
  scan: z
    .object({
      /** Parallel scan segments; chosen from the table's size when absent (1,000 or more for big tables). */
      segments: z.number().int().min(1).max(1_000_000).optional(),
      /** Items per Scan page (`Limit`): small pages from random segments spread the writes. */
      pageLimit: z.number().int().min(1).max(1000).default(100),
      /** Read segments in a random order (the default); `false` reads them one after the other, as a plain Scan does. */
      shuffle: z.boolean().default(true),
      /** Scanning and writing worker threads; each owns a disjoint random set of segments. */
      workers: z.number().int().min(1).max(64).optional(),
      /** Concurrent write requests per worker. */
      writesInFlightPerWorker: z.number().int().min(1).max(512).default(32),
      /** Concurrent Scan requests per worker. */
      scansInFlightPerWorker: z.number().int().min(1).max(64).default(4),
    })
    .default({ pageLimit: 100, shuffle: true, writesInFlightPerWorker: 32, scansInFlightPerWorker: 4 }),
  rate: backfillRateSchema.default({ mode: 'fixed', wcuPerSecond: 1000, rcuPerSecond: 500 }),
  limits: z
    .object({
      maxWcuPerSecond: z.number().positive().optional(),
      /** Fail the job when more items than this fail. */
      maxFailures: z.number().int().nonnegative().optional(),
      maxCostUsd: z.number().positive().optional(),
    })
    .default({}),
  /** Read-only rehearsal on this fraction of the segments (e.g. 0.01): reports what would change and the projected cost. */
  trial: z.object({ fraction: z.number().gt(0).max(1) }).optional(),
  safety: backfillSafetySchema.default({ backup: 'none', overrideNoBackup: false }),
  cost: costSpecSchema.default({ billing: 'auto', targetUtilization: 0.7 }),
  /** Run the job's scan segments on `capstan worker` processes fed by this queue; absent: on this machine. */
  fleet: fleetSpecSchema.optional(),
});
/** A validated backfill spec (defaults filled in). */
export type BackfillJobSpec = z.infer<typeof backfillJobSpecSchema>;
/** A backfill spec as a person or the wizard writes it. */
export type BackfillJobSpecInput = z.input<typeof backfillJobSpecSchema>;

/** Operations that change no item. */
export function isReadOnlyOperation(operation: BackfillOperation): boolean {
  return operation.kind === 'count' || operation.kind === 'find';
}

/**
 * Operations that can destroy data and therefore need the safety checks. A copy is
 * destructive only onto a non-empty table, which the engine finds out at start.
 */
export function isDestructiveOperation(operation: BackfillOperation): boolean {
  return operation.kind === 'delete-where' || operation.kind === 'update' || operation.kind === 'copy';
}

/** The table a job writes to: the copy's target, else the scanned table. */
export function changedTableOf(spec: Pick<BackfillJobSpec, 'table' | 'operation'>): string {
  return spec.operation.kind === 'copy' ? spec.operation.targetTable : spec.table;
}

/** One item before and after the operation, as a trial shows it (DynamoDB JSON). */
export interface BackfillChangeExample {
  before: Record<string, unknown>;
  /** null: the item would be deleted; 'unknown': an update expression the client cannot apply. */
  after: Record<string, unknown> | null | 'unknown';
  /** The conditional request the job would send. */
  request: Record<string, unknown>;
}

/**
 * What a trial run found on its sample and what the whole job would take at the chosen
 * rates. Counts are the sample's; `projected` scales them by the sampled fraction.
 */
export interface BackfillTrialResult {
  sampledSegments: number;
  totalSegments: number;
  scanned: number;
  wouldChange: number;
  unchanged: number;
  failed: number;
  projected: {
    items: number;
    changes: number;
    wcu: number;
    rcu: number;
    durationSeconds: number;
    /** At the table's pricing (see the spec's cost section); null when no price is known. */
    costUsd: number | null;
    wcuPerSecond: number;
    rcuPerSecond: number;
  };
  examples: BackfillChangeExample[];
  /** Point-in-time recovery of the table the job would change, and whether a real run would be refused as specified. */
  safety: { pitrEnabled: boolean; destructive: boolean; refusal: string[] };
}
