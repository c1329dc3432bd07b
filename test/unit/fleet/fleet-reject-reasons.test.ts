import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetShardContext } from '../../../electron/engine/fleet/fleet-shard-runner';
import { fleetRejectReasons } from '../../../electron/engine/fleet/fleet-totals';
import { redisCheckpointStore, type FleetShardCheckpoint } from '../../../electron/engine/fleet/redis-checkpoint-store';
import type { FleetShardRecord } from '../../../electron/engine/fleet/shard-store';
import type { JobCheckpoint } from '../../../electron/engine/lifecycle/job-checkpoint';
import type { RejectLine } from '../../../shared/job-report';
import { emptyTotals } from '../../../shared/job-status';

const reject = (line: number, reason: string): RejectLine => ({ file: 'part-0.csv', line, ordinal: line, key: null, reason, raw: `${line},n/a` });
const text = (lines: RejectLine[]) => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

/** A lifecycle checkpoint whose state counts `rejectsBytes` of the rejects file, as both kinds' do. */
const jobCheckpoint = (rejectsBytes: number): JobCheckpoint =>
  ({ version: 2, jobId: 'j', spec: {} as never, totals: emptyTotals('load'), work: { rejectsBytes }, notes: [], startedAtMs: 0, savedAtMs: 0, shards: [] }) as unknown as JobCheckpoint;

function shardRecord(id: string, checkpoint: FleetShardCheckpoint | null): FleetShardRecord<FleetShardCheckpoint> {
  return { id, state: 'running', input: { kind: 'byte-range', entry: { name: id, sizeBytes: 1, version: null }, startByte: 0, endByte: 1 } as never, checkpoint, outcome: null, checkpointCounts: { read: 0, written: 0, rejected: 0 } };
}

/** The store a worker's attempt uses over a shard record; its checkpoints land in `saved` (what Redis would hold). */
function attempt(directory: string, record: FleetShardRecord<FleetShardCheckpoint>, saved: FleetShardCheckpoint[]) {
  const context = { jobId: 'j', shard: record, checkpoint: (c: FleetShardCheckpoint) => Promise.resolve(saved.push(c) > 0) } as unknown as FleetShardContext<FleetShardCheckpoint>;
  return redisCheckpointStore(context, directory, null);
}

describe('fleet rejects by reason', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("a shard's checkpoints count its reject lines by reason, only up to the checkpoint's length, and a takeover continues the counts", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleet-reasons-'));
    dirs.push(dir);
    const saved: FleetShardCheckpoint[] = [];
    const first = attempt(dir, shardRecord('object-0', null), saved);
    const a = text([reject(2, 'column "amount" should be a number but "n/a" is not a number'), reject(3, 'column "amount" should be a number but "x" is not a number')]);
    await appendFile(join(dir, 'rejects.jsonl'), a);
    // A line written after the checkpoint's length is not counted by it.
    await appendFile(join(dir, 'rejects.jsonl'), text([reject(9, 'the row has 3 fields but the header has 2 columns')]));
    await first.save(jobCheckpoint(Buffer.byteLength(a)));
    const number = 'column "…" should be a number but "…" is not a number';
    expect(saved[0]!.reasons).toEqual({ [number]: 2 });
    expect(saved[0]!.examples![number]!.line).toBe(2);

    // Another worker takes the shard over from that checkpoint and adds a line of another reason.
    const dir2 = await mkdtemp(join(tmpdir(), 'fleet-reasons-'));
    dirs.push(dir2);
    const second = attempt(dir2, shardRecord('object-0', saved[0]!), saved);
    await second.load();
    const b = text([reject(12, 'the row has 3 fields but the header has 2 columns')]);
    await appendFile(join(dir2, 'rejects.jsonl'), b);
    await second.save(jobCheckpoint(Buffer.byteLength(a + b)));
    expect(saved[1]!.reasons).toEqual({ [number]: 2, 'the row has N fields but the header has N columns': 1 });
    expect(saved[1]!.rejects).toBe(a + b);
  });

  it('sums the shards like the totals; a checkpoint of an older worker (no counts) is counted from its lines', () => {
    const withCounts: FleetShardCheckpoint = { job: jobCheckpoint(0), rejects: '', reasons: { 'r "…"': 3, s: 1 }, examples: { 'r "…"': reject(5, 'r "a"') } };
    const older: FleetShardCheckpoint = { job: jobCheckpoint(0), rejects: text([reject(7, 'r "b"'), reject(8, 't')]) };
    const sum = fleetRejectReasons([shardRecord('object-10', older), shardRecord('object-2', withCounts), shardRecord('object-3', null)]);
    expect(Object.fromEntries(sum.counts)).toEqual({ 'r "…"': 4, s: 1, t: 1 });
    // The first example in plan order (object-2 before object-10).
    expect(sum.examples.get('r "…"')!.line).toBe(5);
    expect(sum.examples.get('t')!.line).toBe(8);
  });
});
