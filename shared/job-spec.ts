import { z } from 'zod';
import { jobNameSchema, tableNameSchema } from './spec-names';
import { connectionRefSchema } from './connection-ref';
import { costSpecSchema } from './cost-spec';
import { loadFleetSpecSchema } from './fleet-status';
import { parquetOptionsSchema } from './parquet-options';
import { rateModeSchema } from './rate-modes';
import { writeModeSchema } from './write-mode';

export { connectionRefSchema, type ConnectionRef } from './connection-ref';
export { costSpecSchema, type CostSpec } from './cost-spec';
import { backfillJobSpecSchema } from './backfill-spec';

/**
 * The job spec: a bulk job described as data. The GUI wizard produces it, the CLI reads
 * it from a file, the engine validates it at every boundary and the report embeds it.
 */

/** DynamoDB attribute types a column can be mapped to. */
export const attributeTypeSchema = z.enum(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);
export type AttributeType = z.infer<typeof attributeTypeSchema>;

/** One source column mapped to one attribute, with an optional type override. */
export const columnMappingSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  type: attributeTypeSchema.optional(),
  /** For SS/NS/BS from a text cell that is not a JSON array: the separator between elements (default ";"). */
  separator: z.string().min(1).optional(),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** An attribute built from a template of columns, e.g. `pk = CUST#{customer_id}`. */
export const templateAttributeSchema = z.object({
  attribute: z.string().min(1),
  template: z.string().min(1),
  type: z.enum(['S', 'N']).default('S'),
});
export type TemplateAttribute = z.infer<typeof templateAttributeSchema>;

/**
 * An attribute computed per record. `now` stamps the write time; `ttl` is a date column
 * plus N days as epoch seconds (DynamoDB's TTL format); `ipv4-number` turns a dotted
 * address into its 32-bit number so ranges can be queried.
 */
export const computedAttributeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('now'),
    attribute: z.string().min(1),
    format: z.enum(['epoch-seconds', 'iso']).default('epoch-seconds'),
  }),
  z.object({
    kind: z.literal('ttl'),
    attribute: z.string().min(1),
    fromColumn: z.string().min(1),
    addDays: z.number().default(0),
  }),
  z.object({
    kind: z.literal('ipv4-number'),
    attribute: z.string().min(1),
    fromColumn: z.string().min(1),
  }),
]);
export type ComputedAttribute = z.infer<typeof computedAttributeSchema>;

/** How source records become items. */
export const mappingSchema = z.object({
  /** Attributes built from templates; the table's key attributes are usually here. */
  templates: z.array(templateAttributeSchema).default([]),
  /** Explicit column mappings (rename, separator, a type that wins over `columnTypes`). */
  columns: z.array(columnMappingSchema).default([]),
  /**
   * The type of each source column, pinned when the spec is made (the wizard writes the
   * types its preview showed, inferred or chosen). The sample check and the job use
   * exactly these: a value that does not fit its column's type is rejected with the
   * reason, never stored as another type. Left out (a hand-written spec), the engine
   * infers them once from the first rows (`pinnedColumnTypes`) and reports what it
   * pinned. Columns not named keep their own JSON type (text for CSV).
   */
  columnTypes: z.record(z.string(), attributeTypeSchema).optional(),
  /** Columns left out of the item. */
  drop: z.array(z.string()).default([]),
  /** Attributes with the same value on every item. */
  constants: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  /** Attributes computed per record: a timestamp, a TTL, an IPv4 address as a number. */
  computed: z.array(computedAttributeSchema).optional(),
  /**
   * What an empty text cell becomes: left out of the item (CSV's usual meaning of "no
   * value", the default), kept as an empty string, or stored as NULL. Key attributes
   * never accept it.
   */
  emptyValues: z.enum(['omit', 'keep', 'null']).optional(),
});
export type Mapping = z.infer<typeof mappingSchema>;

/** Formats a load reads. Parquet files are also recognised by name and magic bytes whatever the format says. */
export const sourceFormatSchema = z.enum(['csv', 'jsonl', 'ddb-json', 'parquet']);
export type SourceFormatName = z.infer<typeof sourceFormatSchema>;

/** The source of a load job. */
export const loadSourceSchema = z.object({
  /** One file, a folder (every file in it, recursively), or a glob; or in S3: s3://bucket/prefix/, s3://bucket/prefix/*.csv.gz, s3://bucket/key. */
  path: z.string().min(1),
  format: sourceFormatSchema.default('csv'),
  /** CSV field delimiter: one ASCII character (tab for TSV). */
  delimiter: z
    .string()
    .length(1)
    .refine((d) => d.charCodeAt(0) < 128 && d !== '"' && d !== '\n' && d !== '\r', 'the delimiter must be one ASCII character other than a quote or a line break')
    .default(','),
  /** CSV: the first row of every file names the columns; without it columns are column1, column2, ... */
  header: z.boolean().default(true),
  /**
   * Spread the writes across the table's partitions by not following the input's order
   * (sorted input otherwise makes a rolling hot partition). On by default.
   */
  spread: z.boolean().default(true),
  /** Memory the spreading may hold; above it the input is read from many far-apart places instead of shuffled in memory. */
  spreadMemoryBytes: z.number().int().min(1024 * 1024).default(128 * 1024 * 1024),
  /** A record longer than this is rejected (it is almost always an unclosed quote swallowing the file). */
  maxRecordBytes: z.number().int().min(1024).default(4 * 1024 * 1024),
  /**
   * S3 sources: when the load completes, copy each finished object under `donePrefix` and
   * each failed one under `failedPrefix` (`s3://bucket/prefix/`, keeping the key's part
   * below the source prefix); delete the originals only when `deleteOriginals` is set.
   */
  afterLoad: z
    .object({
      donePrefix: z.string().regex(/^s3:\/\/[^/]+\/(.*\/)?$/, 'a done prefix is s3://bucket/prefix/').optional(),
      failedPrefix: z.string().regex(/^s3:\/\/[^/]+\/(.*\/)?$/, 'a failed prefix is s3://bucket/prefix/').optional(),
      deleteOriginals: z.boolean().default(false),
    })
    .optional(),
  /** Parquet: dates and timestamps as ISO text or epoch numbers, nulls left out or NULL. */
  parquet: parquetOptionsSchema.default({ temporal: 'iso', nulls: 'omit' }),
});
export type LoadSource = z.infer<typeof loadSourceSchema>;
/** A source as a person or the wizard writes it (defaults may be left out). */
export type LoadSourceInput = z.input<typeof loadSourceSchema>;


/** A load job: files into a table. */
export const loadJobSpecSchema = z.object({
  kind: z.literal('load'),
  name: jobNameSchema.optional(),
  connection: connectionRefSchema,
  table: tableNameSchema,
  source: loadSourceSchema,
  mapping: mappingSchema.default({ templates: [], columns: [], drop: [], constants: {} }),
  /**
   * What happens to an item whose key is already in the table (shared/write-mode.ts):
   * replace it whole (BatchWriteItem, the default), skip it, or set only the mapped
   * attributes. Left out, a load replaces; the CLI and the wizard ask for it when the
   * table holds items.
   */
  writeMode: writeModeSchema.optional(),
  /** How fast: a fixed rate, fill, share of organic, time windows or on-demand aware; switchable while running. */
  rate: rateModeSchema.default({ mode: 'fixed', wcuPerSecond: 1000 }),
  limits: z
    .object({
      maxWcuPerSecond: z.number().positive().optional(),
      maxRejects: z.number().int().nonnegative().optional(),
      /** Pause the job when its spend, or its projected total, would pass this. */
      maxCostUsd: z.number().positive().optional(),
    })
    .default({}),
  cost: costSpecSchema.default({ billing: 'auto', targetUtilization: 0.7 }),
  /**
   * Raise the table's auto-scaling write target for the job's duration (e.g. 0.7 -> 0.8),
   * restored when the job ends; recorded in the report.
   */
  autoScaling: z.object({ writeTargetDuringJob: z.number().min(0.2).max(0.9) }).optional(),
  options: z
    .object({
      workers: z.number().int().min(1).max(64).optional(),
      inFlightPerWorker: z.number().int().min(1).max(256).default(16),
      /**
       * How batches go on the wire: the lean signed-JSON path (default: 2x the SDK's
       * throughput at half its CPU, bench/load-throughput.ts), or the AWS SDK.
       */
      transport: z.enum(['sdk', 'lean']).default('lean'),
    })
    .default({ inFlightPerWorker: 16, transport: 'lean' }),
  /** Run the job's shards on `capstan worker` processes fed by this queue (an S3 source only), with big objects cut into shards of `rangeMb`; absent: on this machine. */
  fleet: loadFleetSpecSchema.optional(),
});
/** A validated load job spec, as the engine sees it (defaults filled in). */
export type LoadJobSpec = z.infer<typeof loadJobSpecSchema>;
/** A load job spec as a person or the wizard writes it (defaults may be left out). */
export type LoadJobSpecInput = z.input<typeof loadJobSpecSchema>;

/** Every kind of job the engine runs. Backfills join this union. */
export const jobSpecSchema = z.discriminatedUnion('kind', [loadJobSpecSchema, backfillJobSpecSchema]);
export type JobSpec = z.infer<typeof jobSpecSchema>;
export type JobSpecInput = z.input<typeof jobSpecSchema>;
