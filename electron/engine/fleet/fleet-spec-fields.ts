/**
 * What a fleet run does with every field of a load and a backfill spec: run by each shard on
 * a worker, done once by the coordinator, or refused in words at start (`fleetProblem`).
 * Nothing is dropped without a word. test/unit/fleet/fleet-spec-fields.test.ts compares these
 * lists with the spec schemas, so a field added to a spec fails it until its fleet meaning is
 * decided here (and in docs/fleet.md, "What a fleet does with each spec field").
 */

/** Who acts on a spec field in a fleet run. */
export type FleetFieldRole = 'shard' | 'coordinator' | 'refused';

/** One field: who acts on it and how, in words. */
export interface FleetField {
  role: FleetFieldRole;
  words: string;
}

const shard = (words: string): FleetField => ({ role: 'shard', words });
const coordinator = (words: string): FleetField => ({ role: 'coordinator', words });

/** A load spec's top-level fields, its source's and its options'. */
export const LOAD_FLEET_FIELDS = {
  spec: {
    kind: shard('the shard runs a load of its object or byte range'),
    name: coordinator("the job's title in the dashboard and the report"),
    connection: coordinator("resolved by the coordinator; workers use its region and endpoint with their own credentials (a profile is the coordinator's); the panel's built-in sandbox is refused"),
    table: shard('every shard writes to it; the coordinator describes it for the rate mode and the spend meter'),
    source: shard('see the source fields'),
    mapping: shard('every shard maps its records with it'),
    writeMode: shard('every shard writes with it'),
    rate: coordinator("the rate mode is decided once for the fleet and written into the budget in Redis (fleet-steering.ts); a shard runs on the fleet's leases"),
    limits: coordinator('maxWcuPerSecond caps the budget, maxCostUsd pauses the fleet, maxRejects fails the job, all against the summed totals (fleet-steering.ts)'),
    cost: coordinator('the spend meter reads the summed totals with it'),
    autoScaling: coordinator("the write target is raised before the first shard is queued and restored when the job ends, kept in Redis for a coordinator that attaches (fleet-scaling.ts)"),
    options: shard('see the options fields'),
    fleet: coordinator('the queue, and the range size big objects are cut with (object-shards.ts)'),
  },
  source: {
    path: coordinator('listed by the coordinator into one shard per object or range; a local path is refused'),
    format: shard('how the shard reads its object'),
    delimiter: shard('how the shard reads its object'),
    header: shard("how the shard reads its object (a range's header columns come from the coordinator's index pass)"),
    spread: shard('each shard spreads its own records'),
    spreadMemoryBytes: shard('the memory each shard may spread in'),
    maxRecordBytes: shard("each shard's longest record"),
    afterLoad: coordinator("applied to the fleet's per-object audit when the job completes, with a local load's code (fleet-job.ts)"),
    parquet: shard('how the shard decodes Parquet values'),
  },
  options: {
    workers: { role: 'refused', words: "threads on this machine; a fleet's parallelism is its workers' --concurrency" },
    inFlightPerWorker: shard("each shard's requests in flight"),
    transport: shard("each shard's wire path"),
  },
} as const satisfies Record<string, Record<string, FleetField>>;

/** A backfill spec's top-level fields and its scan's. */
export const BACKFILL_FLEET_FIELDS = {
  spec: {
    kind: shard('the shard runs a backfill of its scan segments'),
    name: coordinator("the job's title in the dashboard and the report"),
    connection: coordinator('as for a load'),
    table: shard('every shard scans it'),
    operation: shard("every shard applies it; find is refused (its output is a file on this machine)"),
    filter: shard('every shard scans with it'),
    scan: shard('see the scan fields'),
    rate: coordinator('write and read rates go into the budget in Redis'),
    limits: coordinator('maxWcuPerSecond caps the write budget, maxCostUsd pauses the fleet, maxFailures fails the job, against the summed totals'),
    trial: { role: 'refused', words: 'a trial runs locally' },
    safety: coordinator('the safety step runs once before any shard is queued (backfill-safety.ts)'),
    cost: coordinator('the spend meter reads the summed totals with it'),
    fleet: coordinator('the queue'),
  },
  scan: {
    segments: coordinator('the total the coordinator deals into 16 shards (chosen from the table when absent)'),
    pageLimit: shard("each shard's Scan page size"),
    shuffle: coordinator('the order segments are dealt in, and each shard reads its own in that order'),
    workers: { role: 'refused', words: "threads on this machine; a fleet's parallelism is its workers' --concurrency" },
    writesInFlightPerWorker: shard("each shard's writes in flight"),
    scansInFlightPerWorker: shard("each shard's Scans in flight"),
  },
} as const satisfies Record<string, Record<string, FleetField>>;
