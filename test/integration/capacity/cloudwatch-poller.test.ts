import { BatchWriteItemCommand, CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchPoller } from '../../../electron/engine/capacity/cloudwatch-poller';
import { createDynamoClient, type ClientTarget } from '../../../electron/engine/dynamo/client-target';
import { createManualClock, type ManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';

const MINUTE = 60_000;

describe('CloudWatch poller against the sandbox (real HTTP, manual clock)', () => {
  let sandbox: SandboxHandle;
  let clock: ManualClock;
  let target: ClientTarget;

  beforeAll(async () => {
    clock = createManualClock();
    // One second banked at creation (not a new table's full bank), so minute 1 throttles.
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock, metricsDelayMs: 20_000, rules: { initialBurstSeconds: 1 } });
    target = { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } };
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads what the sandbox published: consumed per second, provisioned, throttles by reason, the GSI, and only published minutes', async () => {
    const dynamo = createDynamoClient(target);
    await dynamo.send(
      new CreateTableCommand({
        TableName: 'polled',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'city', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
        GlobalSecondaryIndexes: [
          { IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 50 } },
        ],
      }),
    );
    // Start on a fresh minute, and let the new table bank some burst first.
    sandbox.admin.advance(2 * MINUTE - (clock.now() % MINUTE));
    const minute0 = clock.now();
    let reported = 0;
    for (let i = 0; i < 30; i++) {
      const put = await dynamo.send(new PutItemCommand({ TableName: 'polled', Item: { pk: { S: `k${i}` }, city: { S: 'Paris' } }, ReturnConsumedCapacity: 'TOTAL' }));
      reported += put.ConsumedCapacity?.CapacityUnits ?? 0;
    }
    sandbox.admin.advance(MINUTE);
    // Minute 1: more than the table's 5 WCU/s and its burst (at most 2 min x 5) at once: throttles with reasons.
    let throttledItems = 0;
    for (let b = 0; b < 40; b++) {
      const batch = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `m1-${b}-${i}` }, pad: { S: 'x'.repeat(900) } } } }));
      try {
        const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { polled: batch } }));
        throttledItems += out.UnprocessedItems?.polled?.length ?? 0;
      } catch {
        throttledItems += 25;
      }
    }
    expect(throttledItems).toBeGreaterThan(0);
    sandbox.admin.advance(MINUTE);

    const poller = new CloudWatchPoller({ target, tableName: 'polled', indexNames: ['byCity'], now: () => clock.now(), minAgeMs: 0 });
    // Minute 1 ended just now: the sandbox publishes it 20 s later, so it must not appear (nor as zero).
    let minutes = await poller.pollOnce();
    expect(minutes.at(-1)?.minuteStartMs).toBe(minute0);
    const first = minutes.at(-1)!;
    // ReturnConsumedCapacity TOTAL is table + GSI (30 + 30); CloudWatch splits them by dimension.
    expect(reported).toBe(60);
    expect(first.totalConsumedWcuPerSecond).toBeCloseTo(30 / 60, 9);
    expect(first.indexes.byCity!.consumedWcuPerSecond).toBeCloseTo(30 / 60, 9);
    expect(first.provisionedWcu).toBe(5);
    expect(first.indexes.byCity!.provisionedWcu).toBe(50);

    sandbox.admin.advance(20_000);
    minutes = await poller.pollOnce();
    const second = minutes.at(-1)!;
    expect(second.minuteStartMs).toBe(minute0 + MINUTE);
    expect(second.totalConsumedWcuPerSecond).toBeGreaterThan(0);
    expect(second.throttleEvents).toBeGreaterThanOrEqual(throttledItems);
    expect(second.throttleEventsByMetric.WriteProvisionedThroughputThrottleEvents).toBeGreaterThan(0);
    // Earlier idle minutes of the table read as zero, not as gaps.
    expect(minutes.find((m) => m.minuteStartMs === minute0 - MINUTE)?.totalConsumedWcuPerSecond).toBe(0);
    await poller.pollOnce();
    expect(poller.lastError).toBeNull();
    poller.stop();
    dynamo.destroy();
  });
});
