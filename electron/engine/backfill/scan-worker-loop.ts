import { classifyError } from '../dynamo/classify-error';
import { SharedTokenBucket } from '../governor/token-bucket';
import { seededRandom } from '../source/seeded-random';
import type { BackfillWorkerData, ChangeExample, FromBackfillWorker, PageDone, PageRead, ToBackfillWorker } from './backfill-protocol';
import { compileOperation, type ItemPlan } from './item-operation';
import { createLeanDynamoClient, type LeanDynamoClient } from './lean-dynamo-client';
import { keyText, type WireItem } from './wire-item';
import { foreignMessage } from '../../../shared/report/reject-reasons';

interface SegmentState {
  next: WireItem | null;
  replay: Set<string>;
  seen: Set<string>;
  scanning: boolean;
}

interface PlannedWrite {
  pageId: string;
  key: string;
  plan: Extract<ItemPlan, { kind: 'write' }>;
  replayed: boolean;
  raw: WireItem;
}

/** A page's writes in flight, and the outcome it reports (`page-done`) once none remain. */
interface PageWrites extends Omit<PageDone, 'pageId'> {
  writes: PlannedWrite[];
  remaining: number;
  abandoned: boolean;
}

interface ScanAnswer {
  Items?: WireItem[];
  Count?: number;
  ScannedCount?: number;
  LastEvaluatedKey?: WireItem;
  ConsumedCapacity?: { CapacityUnits?: number };
}

const MAX_TRANSIENT_ATTEMPTS = 12;
const EXAMPLES_PER_WORKER = 3;

/** The worker's side of the job, given how to talk to the job. */
export interface BackfillWorkerLoop {
  onMessage(message: Exclude<ToBackfillWorker, { type: 'run' }>): void;
  /** Closes its connection pools (a kept thread's next run makes its own). */
  close(): void;
}

/**
 * The scanning and writing loop of one backfill worker. It owns a disjoint set of
 * segments; it reads a small page at a time from a segment picked at random among those
 * not being read (the shuffled scan; in sequential mode, the lowest), keeps each
 * segment's LastEvaluatedKey, and drops a segment when its last page is read. Reads take
 * RCU from the read bucket and writes WCU from the write bucket, both shared with the job's
 * governors. Writes wait for the job's `release` (their plan is durable by then).
 */
export function startBackfillWorkerLoop(data: BackfillWorkerData, post: (message: FromBackfillWorker) => void): BackfillWorkerLoop {
  const { spec } = data;
  const maxSockets = spec.scan.writesInFlightPerWorker + spec.scan.scansInFlightPerWorker + 2;
  const client: LeanDynamoClient = createLeanDynamoClient(data.target, { maxSockets });
  const writeClient: LeanDynamoClient = data.copyTarget ? createLeanDynamoClient(data.copyTarget, { maxSockets }) : client;
  const operation = compileOperation(spec, { keyNames: data.keyNames, ...(data.targetKeyNames ? { targetKeyNames: data.targetKeyNames } : {}) });
  const readBucket = SharedTokenBucket.attach(data.readBucket);
  const writeBucket = SharedTokenBucket.attach(data.writeBucket);
  const random = seededRandom(data.seed);
  const segments = new Map<number, SegmentState>();
  const active: number[] = [];
  for (const s of data.segments) {
    segments.set(s.segment, { next: s.startKey, replay: new Set(s.replayKeys), seen: new Set(), scanning: false });
    active.push(s.segment);
  }
  const awaitingRelease = new Map<string, PageWrites>();
  const pages = new Map<string, PageWrites>();
  const queue: PlannedWrite[] = [];
  let scansInFlight = 0;
  let writesInFlight = 0;
  let bufferedItems = 0;
  let pageCounter = 0;
  let stopping = false;
  let finished = false;
  let examples = 0;
  let rcuPerPage = 1;

  const fail = (error: unknown) => {
    const e = error as { name?: string; message?: string };
    post({ type: 'fatal', error: { name: e?.name ?? 'Error', message: e?.message ?? String(error) } });
    stopping = true;
    checkFinished();
  };

  function pickSegment(): number | null {
    if (active.length === 0) return null;
    if (!spec.scan.shuffle) {
      for (const s of active) if (!segments.get(s)!.scanning) return s;
      return null;
    }
    for (let tries = 0; tries < 8; tries++) {
      const s = active[Math.floor(random() * active.length)]!;
      if (!segments.get(s)!.scanning) return s;
    }
    const free = active.filter((s) => !segments.get(s)!.scanning);
    return free.length ? free[Math.floor(random() * free.length)]! : null;
  }

  function pump(): void {
    while (!stopping && scansInFlight < spec.scan.scansInFlightPerWorker && bufferedItems < data.maxBufferedItems) {
      const segment = pickSegment();
      if (segment === null) break;
      const state = segments.get(segment)!;
      state.scanning = true;
      scansInFlight++;
      void scanPage(segment, state).then(
        () => {
          scansInFlight--;
          state.scanning = false;
          pump();
        },
        (error: unknown) => {
          scansInFlight--;
          state.scanning = false;
          fail(error);
        },
      );
    }
    while (!stopping && writesInFlight < spec.scan.writesInFlightPerWorker && queue.length > 0) {
      const write = queue.shift()!;
      writesInFlight++;
      void runWrite(write).finally(() => {
        writesInFlight--;
        bufferedItems--;
        pump();
      });
    }
    checkFinished();
  }

  function checkFinished(): void {
    if (finished || scansInFlight > 0 || writesInFlight > 0) return;
    const allDone = active.length === 0 && awaitingRelease.size === 0 && queue.length === 0;
    if (allDone || stopping) {
      finished = true;
      post({ type: 'finished' });
    }
  }

  async function scanPage(segment: number, state: SegmentState): Promise<void> {
    const startKey = state.next;
    const body: Record<string, unknown> = {
      TableName: spec.table,
      Limit: spec.scan.pageLimit,
      ReturnConsumedCapacity: 'TOTAL',
      ...(data.totalSegments > 1 ? { Segment: segment, TotalSegments: data.totalSegments } : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const filter = operation.scanFilter;
    if (filter) {
      body.FilterExpression = filter.expression;
      if (Object.keys(filter.names).length) body.ExpressionAttributeNames = filter.names;
      if (Object.keys(filter.values).length) body.ExpressionAttributeValues = filter.values;
    }
    const answer = await withRetries('read', rcuPerPage, () => client.call<ScanAnswer>('Scan', body));
    if (!answer) return; // stopping
    const consumedRcu = answer.ConsumedCapacity?.CapacityUnits ?? rcuPerPage;
    settleTokens(readBucket, rcuPerPage, consumedRcu);
    rcuPerPage = rcuPerPage * 0.8 + consumedRcu * 0.2;
    const items = answer.Items ?? [];
    const nextKey = answer.LastEvaluatedKey ?? null;
    pageCounter++;
    const page: PageRead = {
      pageId: `${data.workerIndex}.${pageCounter}`,
      segment, startKey, nextKey,
      scanned: answer.ScannedCount ?? items.length,
      unchanged: (answer.ScannedCount ?? items.length) - items.length,
      matched: 0, failed: [], plannedKeys: [], replayChanged: 0, replaySeen: [], leftover: null,
      consumedRcu, found: [], trialWrites: 0, trialWcu: 0, examples: [], itemBytes: 0,
    };
    const writes: PlannedWrite[] = [];
    for (const item of items) {
      page.itemBytes += JSON.stringify(item).length;
      const key = keyText(item, data.keyNames);
      const replayed = state.replay.has(key);
      if (replayed) {
        state.seen.add(key);
        page.replaySeen.push(key);
      }
      const plan = planSafely(item);
      switch (plan.kind) {
        case 'unchanged':
          if (replayed) page.replayChanged++;
          else page.unchanged++;
          break;
        case 'match':
          page.matched++;
          if (spec.operation.kind === 'find') page.found.push(item);
          break;
        case 'fail':
          page.failed.push({ key, reason: plan.reason, raw: JSON.stringify(item) });
          break;
        case 'write':
          if (data.trial) {
            page.trialWrites++;
            page.trialWcu += plan.wcu;
            if (examples < EXAMPLES_PER_WORKER) {
              examples++;
              page.examples.push(example(item, plan));
            }
          } else {
            page.plannedKeys.push(key);
            writes.push({ pageId: page.pageId, key, plan, replayed, raw: item });
          }
          break;
      }
    }
    state.next = nextKey;
    if (nextKey === null) {
      active.splice(active.indexOf(segment), 1);
      if (state.replay.size > state.seen.size) page.leftover = await resolveLeftovers(state);
    }
    if (writes.length > 0) {
      bufferedItems += writes.length;
      awaitingRelease.set(page.pageId, {
        writes, remaining: writes.length, abandoned: false, changed: 0, skipped: 0, failed: [], consumedWcu: 0, retried: 0, latenciesMs: [],
      });
    }
    post({ type: 'page', page });
  }

  function planSafely(item: WireItem): ItemPlan {
    try {
      return operation.plan(item);
    } catch (error) {
      return { kind: 'fail', reason: foreignMessage((error as Error).message) };
    }
  }

  function example(item: WireItem, plan: Extract<ItemPlan, { kind: 'write' }>): ChangeExample {
    return { before: item, after: plan.after === undefined ? 'unknown' : plan.after, request: plan.body };
  }

  /** Replay keys not met again in their segment: deleted since (absent) or filtered out of the scan (present). */
  async function resolveLeftovers(state: SegmentState): Promise<{ absent: number; present: number }> {
    let absent = 0;
    let present = 0;
    for (const key of state.replay) {
      if (state.seen.has(key)) continue;
      const values = JSON.parse(key) as WireItem[keyof WireItem][];
      const Key: WireItem = {};
      data.keyNames.forEach((name, i) => (Key[name] = values[i]!));
      const answer = await withRetries('read', 1, () => client.call<{ Item?: WireItem }>('GetItem', { TableName: spec.table, Key, ConsistentRead: true }));
      if (answer?.Item) present++;
      else absent++;
    }
    return { absent, present };
  }

  async function runWrite(write: PlannedWrite): Promise<void> {
    const page = pages.get(write.pageId);
    if (!page) return;
    const target = spec.operation.kind === 'copy' ? writeClient : client;
    let outcome: 'changed' | 'skipped' | 'abandoned' | { failed: string } = 'abandoned';
    let retries = 0;
    const started = performance.now();
    try {
      const answer = await withRetries(
        'write',
        write.plan.wcu,
        () => target.call<{ ConsumedCapacity?: { CapacityUnits?: number } }>(write.plan.operation, write.plan.body),
        () => retries++,
      );
      if (answer) {
        const consumed = answer.ConsumedCapacity?.CapacityUnits ?? write.plan.wcu;
        settleTokens(writeBucket, write.plan.wcu, consumed);
        page.consumedWcu += consumed;
        outcome = 'changed';
      }
    } catch (error) {
      const e = error as { name?: string; message?: string };
      if (e.name === 'ConditionalCheckFailedException') {
        // DynamoDB charges a failed condition as the write it would have been.
        page.consumedWcu += write.plan.wcu;
        // A replayed item's condition fails because the job's own write landed before the crash.
        outcome = write.replayed ? 'changed' : 'skipped';
      } else {
        const kind = classifyError(error);
        if (kind.kind === 'fatal') {
          fail(error);
          outcome = 'abandoned';
        } else outcome = { failed: foreignMessage(`${e.name ?? 'Error'}: ${e.message ?? ''}`.slice(0, 300)) };
      }
    }
    page.retried += retries;
    page.latenciesMs.push(Math.round(performance.now() - started));
    if (outcome === 'abandoned') page.abandoned = true;
    else if (outcome === 'changed') page.changed++;
    else if (outcome === 'skipped') page.skipped++;
    else page.failed.push({ key: write.key, reason: outcome.failed, raw: JSON.stringify(write.raw) });
    page.remaining--;
    if (page.remaining === 0) {
      pages.delete(write.pageId);
      // A page with an abandoned write stays in flight: its plan is in the checkpoint and a resume replays it.
      if (!page.abandoned) {
        post({
          type: 'page-done',
          done: { pageId: write.pageId, changed: page.changed, skipped: page.skipped, failed: page.failed, consumedWcu: page.consumedWcu, retried: page.retried, latenciesMs: page.latenciesMs },
        });
      }
    }
  }

  /**
   * One request with the job's own retry decisions: throttles back off and tell the
   * governor, transient errors retry a bounded number of times, anything else throws.
   * Resolves null when the job stops before the request could leave.
   */
  async function withRetries<T>(side: 'read' | 'write', units: number, send: () => Promise<T>, onRetry?: () => void): Promise<T | null> {
    const bucket = side === 'read' ? readBucket : writeBucket;
    let transient = 0;
    let throttles = 0;
    for (;;) {
      if (!(await take(bucket, units))) return null;
      try {
        return await send();
      } catch (error) {
        const kind = classifyError(error);
        if (kind.kind === 'throttle') {
          throttles++;
          bucket.drain();
          post({ type: 'throttle', side, reasons: kind.reasons });
          onRetry?.();
          await sleep(backoffMs(throttles));
          continue;
        }
        if (kind.kind === 'transient' && ++transient < MAX_TRANSIENT_ATTEMPTS) {
          post({ type: 'retry', reason: (error as Error).message });
          onRetry?.();
          await sleep(backoffMs(transient));
          continue;
        }
        throw error;
      }
    }
  }

  async function take(bucket: SharedTokenBucket, units: number): Promise<boolean> {
    for (;;) {
      if (stopping) return false;
      const result = bucket.tryTake(units);
      if (result.kind === 'granted') return true;
      if (result.kind === 'closed') return false;
      await sleep(result.kind === 'paused' ? 50 : result.waitMs);
    }
  }

  // Starts on the next turn, so the caller can wire its messages first.
  setImmediate(pump);
  return {
    close() {
      stopping = true;
      client.destroy();
      if (writeClient !== client) writeClient.destroy();
    },
    onMessage(message) {
      if (message.type === 'stop') {
        stopping = true;
        checkFinished();
        return;
      }
      for (const pageId of message.pageIds) {
        const page = awaitingRelease.get(pageId);
        if (!page) continue;
        awaitingRelease.delete(pageId);
        pages.set(pageId, page);
        queue.push(...page.writes);
      }
      pump();
    },
  };
}

/** Tokens were taken for an estimate; the answer said what it cost. */
function settleTokens(bucket: SharedTokenBucket, estimated: number, actual: number): void {
  if (actual < estimated) bucket.giveBack(estimated - actual);
  else if (actual > estimated) bucket.tryTake(actual - estimated);
}

function backoffMs(attempt: number): number {
  const base = Math.min(2000, 25 * 2 ** Math.min(attempt, 7));
  return base / 2 + Math.random() * base;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
