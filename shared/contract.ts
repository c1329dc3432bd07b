import { z } from 'zod';
import { keyAttributeSchema, tableNameSchema } from './spec-names';
import type { BackfillTrialResult } from './backfill-spec';
import { jobIdSchema } from './job-id';
import { jobSpecSchema, loadJobSpecSchema, sourceFormatSchema, type SourceFormatName } from './job-spec';
import { rateModeSchema } from './rate-modes';
import { resumeChangesSchema } from './resume-changes';
import { faultConfigSchema } from './sandbox/fault-config';
import { organicTrafficSchema } from './sandbox/organic-config';
import type { SandboxState } from './sandbox/sandbox-views';
import type { JobReport } from './job-report';
import type { JobSnapshot, JobTick } from './job-status';
import type { HostFolderListing, S3BucketList, S3Listing } from './source-browsing';


/**
 * The one contract between the renderer and the engine host. Every command is named
 * here with the schema of its request; its response type is in `CommandResponses`.
 * The preload bridge and the WebSocket client both implement `CapstanApi`, and the host
 * parses every request with these schemas before it touches it.
 */

const jobIdRequest = z.object({ jobId: jobIdSchema });

/** Request schemas, one per command. */
export const commandRequests = {
  getAppInfo: z.object({}),
  listConnections: z.object({}),
  testConnection: z.object({ connectionId: z.string().min(1) }),
  addEndpointConnection: z.object({
    label: z.string().min(1).max(100),
    endpoint: z.url({ protocol: /^https?$/ }),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region such as us-east-1'),
  }),
  removeConnection: z.object({ connectionId: z.string().regex(/^endpoint:\d+$/, 'only saved endpoints can be removed') }),
  listTables: z.object({ connectionId: z.string().min(1) }),
  createTable: z.object({
    connectionId: z.string().min(1),
    tableName: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'Table names are 3-255 letters, digits, _ . or -'),
    partitionKey: keyAttributeSchema,
    sortKey: keyAttributeSchema.optional(),
    /** GSIs made with the table (a provisioned table gives each its own capacity). */
    globalSecondaryIndexes: z.array(z.object({
      indexName: z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'Index names are 3-255 letters, digits, _ . or -'),
      partitionKey: keyAttributeSchema,
      sortKey: keyAttributeSchema.optional(),
      projection: z.enum(['ALL', 'KEYS_ONLY']).default('ALL'),
    })).max(20).optional(),
    billing: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('PAY_PER_REQUEST') }),
      z.object({ mode: z.literal('PROVISIONED'), rcu: z.number().int().min(1), wcu: z.number().int().min(1) }),
    ]),
  }),
  describeTable: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema }),
  pickSourceFile: z.object({}),
  previewSource: z.object({
    path: z.string().min(1),
    format: sourceFormatSchema.optional(),
    rows: z.number().int().min(1).max(200).default(20),
    /** The job's connection: an `s3://` source is read with its region, endpoint and profile. */
    connectionId: z.string().min(1).optional(),
  }),
  listS3Buckets: z.object({ connectionId: z.string().min(1) }),
  /** One level of an `s3://bucket/prefix/` (or a glob under it), paginated. */
  listS3Prefix: z.object({
    connectionId: z.string().min(1),
    url: z.string().regex(/^s3:\/\/[^/]+/i, 'an address such as s3://bucket/prefix/').max(2048),
    pageToken: z.string().max(4096).optional(),
  }),
  /** A host folder (web mode: only under the allowed roots); no path lists the roots. */
  listHostFolder: z.object({ path: z.string().min(1).max(4096).optional() }),
  /**
   * Start a job. A fleet job's spec names its queue without credentials; the user and
   * password the coordinator signs in with come beside it, once, and never come back.
   * A load whose first rows would all be rejected is refused (`NoValidSampleRow`) unless
   * `startWithoutValidSample` says the operator confirmed it.
   */
  startJob: z.object({
    spec: jobSpecSchema,
    startWithoutValidSample: z.boolean().optional(),
    queueCredentials: z.object({ username: z.string().min(1).max(256).nullable(), password: z.string().max(4096) }).optional(),
  }),
  /**
   * Whether the host still holds the sign-in (user and password, or none needed) it was given
   * for this queue in this session: "Run again" of a fleet run asks for the password only
   * when it does not. Answers yes or no; never the credentials.
   */
  queueSignInHeld: z.object({ queue: z.string().min(1).max(2048) }),
  validateSample: z.object({ spec: loadJobSpecSchema, rows: z.number().int().min(1).max(500).default(50) }),
  listJobs: z.object({}),
  pauseJob: jobIdRequest,
  /** Resume a paused job in place, or a stopped one from its checkpoint; `changes` sets rate, mode or spreading first. */
  resumeJob: jobIdRequest.extend({ changes: resumeChangesSchema.optional() }),
  stopJob: jobIdRequest,
  setJobRate: jobIdRequest.extend({ wcuPerSecond: z.number().positive().max(1_000_000) }),
  setJobLimits: jobIdRequest.extend({ maxCostUsd: z.number().positive().nullable() }),
  setJobMode: jobIdRequest.extend({ mode: rateModeSchema }),
  setJobReadRate: jobIdRequest.extend({ rcuPerSecond: z.number().positive().max(1_000_000) }),
  getTrialResult: jobIdRequest,
  getTableSafety: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema }),
  enablePitr: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema }),
  createBackup: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema }),
  getJobTicks: jobIdRequest,
  listRuns: z.object({}),
  exportReport: jobIdRequest.extend({
    format: z.enum(['json', 'csv', 'html', 'pdf']),
    timeZone: z.string().max(64).optional(),
  }),
  getSandboxState: z.object({}),
  setSandboxOrganic: z.object({ tableName: tableNameSchema, traffic: organicTrafficSchema.nullable() }),
  setSandboxFaults: z.object({ faults: faultConfigSchema }),
  resetSandbox: z.object({}),
  getRun: jobIdRequest,
  /** The attributes of the first `items` items of a table (names the wizards offer to pick). */
  sampleTableAttributes: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema, items: z.number().int().min(1).max(500).default(50) }),
  /** One page of a `Select: COUNT` scan from `startKey` (null: the start); the renderer paces and stops. */
  countItemsPage: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema, startKey: z.string().max(100_000).nullable() }),
  /** Turns TTL on for an attribute (UpdateTimeToLive); the UI asks the operator first. */
  enableTtl: z.object({ connectionId: z.string().min(1), tableName: tableNameSchema, attribute: z.string().min(1).max(255) }),
  /** A sample file in the data folder and an empty sandbox table to try a load with. */
  makeSampleSetup: z.object({ rows: z.number().int().min(1).max(1_000_000).default(10_000) }),
} as const;

/** The name of every command. */
export type CommandName = keyof typeof commandRequests;
/** What a caller passes to a command (schema input: defaults may be left out). */
export type CommandRequest<K extends CommandName> = z.input<(typeof commandRequests)[K]>;
/** What the host sees after validation (defaults filled in). */
export type ParsedCommandRequest<K extends CommandName> = z.output<(typeof commandRequests)[K]>;

/** Facts about the running host that the UI shows. */
export interface AppInfo {
  version: string;
  face: 'desktop' | 'web';
  /** The embedded sandbox's endpoint, or null when it is not running. */
  sandboxEndpoint: string | null;
}

/** A connection the operator can pick; never carries credentials. */
export interface ConnectionInfo {
  id: string;
  label: string;
  kind: 'sandbox' | 'aws' | 'endpoint';
  region: string;
  endpoint: string | null;
  /** The AWS profile it signs with (a name, never keys). */
  profile: string | null;
  /** The profile signs in through SSO (sessions expire). */
  sso: boolean;
}

/** The answer of a connection test: it works, or what is wrong and what to do. */
export type ConnectionTest =
  | { ok: true; tableCount: number; latencyMs: number }
  | { ok: false; name: string; message: string; hint: string | null };

/** A table as listed for the operator. */
export interface TableSummary {
  name: string;
  status: string;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readCapacityUnits: number | null;
  writeCapacityUnits: number | null;
  itemCount: number | null;
  sizeBytes: number | null;
  keySchema: { name: string; type: 'S' | 'N' | 'B'; role: 'HASH' | 'RANGE' }[];
  globalSecondaryIndexes: string[];
}

/** One table in detail: indexes and what they project, backups, TTL, auto scaling. */
export interface TableDetails extends TableSummary {
  arn: string | null;
  tableClass: 'standard' | 'standard-ia';
  /** Point-in-time recovery on; null when it could not be read. */
  pointInTimeRecovery: boolean | null;
  timeToLive: { status: string; attribute: string | null } | null;
  /** Auto-scaling targets (read and write), or null when they could not be read. */
  autoScaling: { dimension: 'read' | 'write'; minCapacity: number; maxCapacity: number; targetUtilization: number | null }[] | null;
  onDemandMaxWriteRequestUnits: number | null;
  indexes: {
    name: string;
    keySchema: { name: string; role: 'HASH' | 'RANGE' }[];
    projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
    projectedAttributes: string[];
    readCapacityUnits: number | null;
    writeCapacityUnits: number | null;
    status: string;
  }[];
}

/** The first rows of a source file, with each column's inferred attribute type. */
export interface SourcePreview {
  path: string;
  format: SourceFormatName;
  sizeBytes: number;
  /** Bytes of the source text the previewed rows took (for estimating the item count). */
  previewBytes: number | null;
  /** Each column's attribute type: guessed from the rows, or for Parquet read from the schema (with its Parquet type). */
  columns: { name: string; inferredType: 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M'; parquetType?: string }[];
  /** The rows for display (numbers too long for a double shown as their text). */
  rows: Record<string, unknown>[];
  /**
   * The previewed records' source text and what decoding it needs, so the wizard decodes
   * them with the shared decoder and maps them with the shared mapper, exactly as the job.
   */
  records: { lines: string[]; columns: string[]; delimiter: string };
}

/** The engine's own mapper run over the first rows of a load's source, against the table's key schema. */
export interface SampleValidation {
  /** A mapping that cannot work at all (e.g. two columns to one attribute), in words. */
  mappingError: string | null;
  rows: { line: number; ok: boolean; key: string | null; reason: string | null; sizeBytes: number | null; wcu: number | null }[];
}

/** Response type of every command. */
export interface CommandResponses {
  getAppInfo: AppInfo;
  listConnections: ConnectionInfo[];
  testConnection: ConnectionTest;
  addEndpointConnection: ConnectionInfo;
  removeConnection: ConnectionInfo[];
  listTables: TableSummary[];
  describeTable: TableDetails;
  createTable: TableSummary;
  pickSourceFile: { path: string | null };
  previewSource: SourcePreview;
  listS3Buckets: S3BucketList;
  listS3Prefix: S3Listing;
  listHostFolder: HostFolderListing;
  startJob: JobSnapshot;
  queueSignInHeld: { held: boolean };
  validateSample: SampleValidation;
  listJobs: JobSnapshot[];
  pauseJob: JobSnapshot;
  resumeJob: JobSnapshot;
  stopJob: JobSnapshot;
  setJobRate: JobSnapshot;
  setJobLimits: JobSnapshot;
  setJobMode: JobSnapshot;
  setJobReadRate: JobSnapshot;
  getTrialResult: BackfillTrialResult | null;
  getTableSafety: TableSafety;
  enablePitr: TableSafety;
  createBackup: { backupArn: string };
  getJobTicks: JobTick[];
  listRuns: RunSummary[];
  exportReport: ExportedReport;
  getSandboxState: SandboxState;
  setSandboxOrganic: SandboxState;
  setSandboxFaults: SandboxState;
  resetSandbox: SandboxState;
  getRun: StoredRunView;
  sampleTableAttributes: AttributeSample;
  countItemsPage: ItemCountPage;
  enableTtl: { status: string; attribute: string };
  makeSampleSetup: SampleSetup;
}

/** The attributes seen in a sample of a table's items, most frequent first. */
export interface AttributeSample {
  scanned: number;
  attributes: {
    name: string;
    /** Items of the sample that hold it. */
    count: number;
    types: string[];
    example: string;
    /** Its string and number values in the sample, in scan order (what a TTL preview computes from). */
    values: { type: 'S' | 'N'; text: string }[];
  }[];
}

/** One page of a `Select: COUNT` scan. */
export interface ItemCountPage {
  count: number;
  scanned: number;
  consumedRcu: number;
  /** Where the next page starts (opaque text); null when the scan is complete. */
  nextKey: string | null;
}

/** What "Try it with sample data" made: the file, the sandbox table, and the key template to load it with. */
export interface SampleSetup {
  path: string;
  rows: number;
  connectionId: string;
  tableName: string;
  templates: Record<string, string>;
}

/** What a destructive backfill needs to know of its table before it may start. */
export interface TableSafety {
  /** Point-in-time recovery on; null when it could not be read. */
  pointInTimeRecovery: boolean | null;
  /** The table holds at least one item (copy onto a non-empty table is destructive). */
  hasItems: boolean;
}

/** A report file ready to save: text formats as text, PDF as base64. */
export interface ExportedReport {
  fileName: string;
  mimeType: string;
  text: string | null;
  base64: string | null;
}

/** A run in the history: this session's or an earlier one's, finished or interrupted. */
export interface RunSummary {
  id: string;
  kind: JobSnapshot['spec']['kind'];
  spec: JobSnapshot['spec'];
  state: JobSnapshot['state'];
  /** Running, paused or stopping in this session now (not yet ended). */
  live: boolean;
  /** Ended without a report: the process stopped or crashed; its checkpoint remains. */
  interrupted: boolean;
  createdAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  totals: JobSnapshot['totals'];
  cost: JobSnapshot['cost'];
  /** Has pending records and a checkpoint: `resumeJob` continues it. */
  resumable: boolean;
}

/** A stored run opened read-only: its last snapshot, series and report. */
export interface StoredRunView {
  summary: RunSummary;
  snapshot: JobSnapshot;
  ticks: JobTick[];
  report: JobReport | null;
  /** The job's event log as it was shown. */
  log: JobLogLine[];
}

/** One line of a job's event log. */
export interface JobLogLine {
  atMs: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Events the engine streams to every connected face. */
export type EngineEvent =
  | { kind: 'job.state'; job: JobSnapshot }
  | { kind: 'job.tick'; jobId: string; tick: JobTick; job: JobSnapshot }
  | { kind: 'job.log'; jobId: string; atMs: number; level: 'info' | 'warn' | 'error'; message: string };

/** The API the renderer programs against; the preload bridge and the WebSocket client implement it. */
export type CapstanApi = {
  [K in CommandName]: (request: CommandRequest<K>) => Promise<CommandResponses[K]>;
} & {
  /** Listen to engine events; returns the function that stops listening. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
};

