import type { JobSpec } from '../../shared/job-spec';
import { fleetRangeBytes } from '../../shared/fleet-status';
import { applyBackfillSafety } from './backfill/backfill-safety';
import { chooseSegmentCount, dealSegments } from './backfill/segment-plan';
import { createDynamoClient } from './dynamo/client-target';
import type { FleetRunOptions } from './fleet-job';
import { createS3Client } from './s3/s3-client';
import { isS3Url } from './s3/s3-url';
import { pendingShard, type ShardRecord } from './shard/shard';
import { listByteSources } from './source/list-source-files';
import { describeTable } from './tables/table-description';
import { objectShardInputs, type ObjectShardHooks } from './fleet/object-shards';
import { openRedis, type RedisTarget } from './fleet/redis-connection';
import { ShardStore } from './fleet/shard-store';

/**
 * A fleet job's plan, made once by its coordinator: what a fleet cannot run is refused in
 * words, a load's objects become shards (whole, byte ranges or groups of row groups:
 * object-shards.ts), a backfill's scan segments are dealt into shards after its safety
 * step; and the spec a coordinator that attaches finds in Redis.
 */

/** How many shards a backfill's segments are dealt into: enough that a lost worker's share is small. */
const BACKFILL_SHARDS = 16;

/** Refuses, in words, a spec that a fleet cannot run. */
export function fleetProblem(spec: JobSpec): string | null {
  if (!spec.fleet) return 'The spec names no fleet queue (fleet.queue)';
  if (spec.connection.kind === 'sandbox') return "A fleet job cannot use the panel's built-in sandbox: workers on other machines cannot reach it. Use an endpoint or AWS";
  if (spec.kind === 'load') {
    if (!isS3Url(spec.source.path)) return `A fleet load reads its input from S3: workers on other machines cannot read this machine's files (${spec.source.path}). Upload them (aws s3 cp --recursive) and load s3://bucket/prefix/`;
    if (spec.options.workers !== undefined) return threadsRefusal(spec.options.workers, 'options.workers');
  } else {
    if (spec.operation.kind === 'find') return 'find writes its matches to a file on this machine, which workers cannot reach: run it locally';
    if (spec.trial) return 'A trial runs locally: drop --trial, or run the trial without --fleet';
    if (spec.scan.workers !== undefined) return threadsRefusal(spec.scan.workers, 'scan.workers');
    if (spec.operation.kind === 'copy' && spec.rate.mode !== 'fixed') return `A fleet copy runs at a fixed write rate: the coordinator does not watch the target table ${spec.operation.targetTable} that the ${spec.rate.mode} rate mode needs. Run it on this machine, or give it a fixed rate`;
  }
  return null;
}

/**
 * Worker threads are a machine's: on a fleet each shard runs on one thread of a `capstan
 * worker`, and how many run at once is each worker's --concurrency times the workers. Asking
 * for threads here would be ignored on every worker, so it is refused instead.
 */
function threadsRefusal(threads: number, field: string): string {
  return `--workers ${threads} (the spec's ${field}) sets worker threads on this machine; a fleet runs each shard on one thread of a capstan worker, and how many run at once is each worker's --concurrency times the number of workers. Leave out --workers (${field}), or run without --fleet`;
}

/** Plans a new fleet job: its shards, after a backfill's safety step. */
export async function planFleetJob(spec: JobSpec, jobId: string, options: Pick<FleetRunOptions, 'clientTarget' | 'log'>, notes: string[], planning: Pick<ObjectShardHooks, 'progress' | 'isClosed'> = {}): Promise<ShardRecord[]> {
  if (spec.kind === 'load') {
    const listed = await listByteSources(spec.source.path, { s3Client: () => createS3Client(options.clientTarget) });
    if (listed.dynamoDbExport) throw new Error('A fleet load of a DynamoDB export folder is not supported yet: run it locally');
    if (listed.sources.length === 0) throw new Error(`No objects under ${spec.source.path}`);
    // The spec's fleet.rangeMb (the CLI's --fleet-range-mb, the wizard's field), or its default.
    const rangeBytes = fleetRangeBytes(spec.fleet);
    const shards: ShardRecord[] = [];
    for (const [i, s] of listed.sources.entries()) {
      const inputs = await objectShardInputs(spec.source, s, rangeBytes, { ...planning, log: (message) => options.log('info', message), note: (message) => notes.push(message) });
      // Parts of one object: byte ranges found by the index pass (with where they start), or groups of Parquet row groups.
      const part = inputs[0]?.kind === 'byte-range' && inputs[0].from ? 'range' : 'groups';
      inputs.forEach((input, r) => shards.push(pendingShard(inputs.length === 1 ? `object-${i}` : `object-${i}-${part}-${r}`, input)));
    }
    return shards;
  }
  const client = createDynamoClient(options.clientTarget, { maxSockets: 2 });
  try {
    const facts = await describeTable(client, spec.table);
    await applyBackfillSafety(spec, client, jobId, { alreadyPassed: false, notes, log: (level, message) => options.log(level, message) });
    const total = spec.scan.segments ?? chooseSegmentCount({ itemCount: facts.itemCount ?? 0, sizeBytes: facts.sizeBytes ?? 0 });
    const hands = dealSegments(Array.from({ length: total }, (_, i) => i), Math.min(total, BACKFILL_SHARDS), { shuffle: spec.scan.shuffle, seed: 1 });
    return hands.filter((h) => h.length > 0).map((segments, i) => pendingShard(`scan-${i}`, { kind: 'scan-segments', table: spec.table, segments, totalSegments: total }));
  } finally {
    client.destroy();
  }
}

/** The spec stored in Redis for `jobId`, for a coordinator that attaches. */
export async function storedFleetSpec(target: RedisTarget, jobId: string): Promise<unknown> {
  const redis = await openRedis(target, 'budget');
  try {
    const spec = await new ShardStore(redis, jobId).spec();
    if (spec === null) throw new Error(`No fleet job ${jobId} at ${target.display} (it ended, or was never planned there)`);
    return spec;
  } finally {
    redis.disconnect();
  }
}

/** True when Redis at `target` holds a plan for `jobId` (a coordinator can attach to it). */
export async function fleetJobInRedis(target: RedisTarget, jobId: string): Promise<boolean> {
  const redis = await openRedis(target, 'budget');
  try {
    return (await new ShardStore(redis, jobId).spec()) !== null;
  } finally {
    redis.disconnect();
  }
}
