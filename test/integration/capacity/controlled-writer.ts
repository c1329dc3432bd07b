import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { CloudWatchPoller } from '../../../electron/engine/capacity/cloudwatch-poller';
import type { RateDecision } from '../../../electron/engine/capacity/rate-inputs';
import type { RateController } from '../../../electron/engine/capacity/rate-controller';
import { Governor } from '../../../electron/engine/governor/governor';
import type { SandboxHandle } from '../../../electron/sandbox/server';
import type { JobTick } from '../../../shared/job-status';

/**
 * A simplified job loop on compressed time, for the capacity tests and the fill bench:
 * the sandbox runs on a manual clock, and each simulated second this loop asks the rate
 * controller for a rate, hands it to a real Governor (pause, operator rate, throttle
 * backoff), writes that second's units with BatchWriteItem over real HTTP (1 KB items,
 * 1 WCU each, random keys), reports a tick back to the controller, then advances the
 * sandbox one second (organic traffic, metrics and burst replay in between). The
 * poller reads CloudWatch once a simulated minute, 5 s after the minute turns.
 * It is not the load job: workers, batching and checkpoints are the lead's; this keeps
 * exactly the controller -> governor wiring the lead adds.
 */

/** One simulated second of the run, for assertions and the bench chart. */
export interface WriterSecond {
  atMs: number;
  decision: RateDecision;
  targetWcuPerSecond: number;
  consumedWcu: number;
  throttledItems: number;
  paused: boolean;
}

/** Options of a run. */
export interface ControlledWriterOptions {
  sandbox: SandboxHandle;
  dynamo: DynamoDBClient;
  tableName: string;
  controller: RateController;
  poller: CloudWatchPoller | null;
  seconds: number;
  /** Batches sent at once within a second. */
  concurrency?: number;
  onSecond?: (second: WriterSecond) => void;
}

// pk (2 + ~25 bytes) + pad (3 + 950): under 1 KB, so every item costs exactly 1 WCU.
const PAD = 'x'.repeat(950);

/** Runs the loop for `seconds` simulated seconds; returns every second. */
export async function runControlledWriter(options: ControlledWriterOptions): Promise<WriterSecond[]> {
  const { sandbox, dynamo, tableName, controller, poller } = options;
  const now = () => sandbox.admin.now();
  const governor = new Governor({ operatorRate: 1, now });
  const seconds: WriterSecond[] = [];
  let carry = 0;
  let serial = 0;
  for (let s = 0; s < options.seconds; s++) {
    const startMs = now();
    if (poller && startMs % 60_000 === 5_000) await poller.pollOnce();
    const decision = controller.decide(startMs);
    // The wiring the lead adds to the load job's per-second loop:
    if (!decision.run) governor.pause();
    else {
      governor.resume();
      governor.setOperatorRate(decision.rateWcuPerSecond);
    }
    governor.update();
    const target = governor.targetRate;
    carry += target;
    let items = Math.floor(carry);
    carry -= items;
    let consumed = 0;
    let throttled = 0;
    const reasons: Record<string, number> = {};
    const batches: WriteRequest[][] = [];
    while (items > 0) {
      const n = Math.min(25, items);
      items -= n;
      batches.push(Array.from({ length: n }, () => ({ PutRequest: { Item: { pk: { S: `job-${serial++}-${Math.random().toString(36).slice(2)}` }, pad: { S: PAD } } } })));
    }
    const concurrency = options.concurrency ?? 8;
    for (let i = 0; i < batches.length; i += concurrency) {
      const outs = await Promise.all(
        batches.slice(i, i + concurrency).map((batch) =>
          dynamo.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: batch }, ReturnConsumedCapacity: 'TOTAL' })).then(
            (out) => ({ consumed: out.ConsumedCapacity?.[0]?.CapacityUnits ?? 0, left: out.UnprocessedItems?.[tableName]?.length ?? 0, reasons: [] as string[] }),
            (error: { ThrottlingReasons?: { reason?: string }[]; name?: string }) => ({
              consumed: 0,
              left: batch.length,
              reasons: (error.ThrottlingReasons ?? []).map((r) => r.reason ?? error.name ?? 'Throttled'),
            }),
          ),
        ),
      );
      for (const o of outs) {
        consumed += o.consumed;
        throttled += o.left;
        for (const r of o.reasons.length ? o.reasons : o.left ? ['UnprocessedItems'] : []) reasons[r] = (reasons[r] ?? 0) + 1;
      }
    }
    if (throttled > 0) governor.throttled();
    const second: WriterSecond = { atMs: startMs, decision, targetWcuPerSecond: target, consumedWcu: consumed, throttledItems: throttled, paused: !decision.run };
    seconds.push(second);
    options.onSecond?.(second);
    sandbox.admin.advance(1000);
    const tick: JobTick = {
      atMs: now(), second: s + 1, read: 0, written: 0, rejected: 0, retried: 0, throttled, consumedWcu: consumed, consumedRcu: 0,
      throttlesByReason: reasons, latencyP50Ms: null, latencyP99Ms: null, inFlight: 0, targetWcuPerSecond: target,
    };
    controller.observe(tick);
  }
  return seconds;
}
