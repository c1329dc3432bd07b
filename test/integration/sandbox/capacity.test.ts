import { BatchWriteItemCommand, PutItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable, keysByPartition } from './sandbox-clients';

/** Sends one BatchWriteItem; returns how many items were processed (throttled batches count 0). */
async function writeBatch(dynamo: DynamoDBClient, table: string, requests: WriteRequest[]): Promise<number> {
  try {
    const out = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    return requests.length - (out.UnprocessedItems?.[table]?.length ?? 0);
  } catch (error) {
    if ((error as Error).name === 'ProvisionedThroughputExceededException' || (error as Error).name === 'ThrottlingException') return 0;
    throw error;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Offers `itemsPerSecond` items spread round-robin over `keys` (one list per partition)
 * for one fake second, then advances the clock a second; returns the items processed.
 */
async function offerOneSecond(sandbox: SandboxHandle, dynamo: DynamoDBClient, table: string, keys: string[][], itemsPerSecond: number, payload: string): Promise<number> {
  const requests: WriteRequest[] = [];
  for (let i = 0; i < itemsPerSecond; i++) {
    const partitionKeys = keys[i % keys.length] as string[];
    const key = partitionKeys[Math.floor(i / keys.length) % partitionKeys.length] as string;
    requests.push({ PutRequest: { Item: { pk: { S: key }, v: { S: payload } } } });
  }
  let processed = 0;
  // Keys repeat inside a second, so batches are built without duplicates by construction (25 distinct keys each).
  const results = await Promise.all(chunks(requests, 25).map((batch) => writeBatch(dynamo, table, batch)));
  for (const n of results) processed += n;
  sandbox.admin.advance(1000);
  return processed;
}

describe('sandbox capacity model over HTTP', () => {
  let sandbox: SandboxHandle | undefined;
  let clients: ReturnType<typeof clientsFor> | undefined;
  afterEach(async () => {
    clients?.destroy();
    await sandbox?.close();
  });

  it('holds one partition key value at about 1,000 writes/s on a 10,000 WCU table, with KeyRange reasons', async () => {
    // Sandbox time, not wall time: the shared 2-core machine cannot promise the client
    // offers 2,000 writes every real second, but it can every simulated one.
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock() });
    clients = clientsFor(sandbox);
    const { dynamo } = clients;
    await createTable(dynamo, { TableName: 'onekey', ProvisionedThroughput: { ReadCapacityUnits: 10_000, WriteCapacityUnits: 10_000 } }, true);
    expect(sandbox.admin.table('onekey')?.table.partitions.length).toBe(14);
    const payload = 'p'.repeat(150);
    let sk = 0;
    const perSecond: number[] = [];
    let reasons: unknown;
    for (let s = 0; s < 8; s++) {
      // Offer 2,000 writes of ~200 bytes to one key in this second, 25 per batch.
      const batches = Array.from({ length: 80 }, () => Array.from({ length: 25 }, () => ({ PutRequest: { Item: { pk: { S: 'the-one-key' }, sk: { N: String(sk++) }, v: { S: payload } } } })));
      const served = await Promise.all(batches.map((batch) => writeBatch(dynamo, 'onekey', batch)));
      perSecond.push(served.reduce((a, b) => a + b, 0));
      if (reasons === undefined) {
        try {
          await dynamo.send(new PutItemCommand({ TableName: 'onekey', Item: { pk: { S: 'the-one-key' }, sk: { N: '-1' } } }));
        } catch (error) {
          reasons = (error as { ThrottlingReasons?: unknown }).ThrottlingReasons;
        }
      }
      sandbox.admin.advance(1000);
    }
    // The table has 10,000 WCU, but one key lives in one partition of 1,000.
    for (const served of perSecond) {
      expect(served).toBeGreaterThan(850);
      expect(served).toBeLessThan(1150);
    }
    expect(reasons).toEqual([{ reason: 'TableWriteKeyRangeThroughputExceeded', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/onekey' }]);
    const view = sandbox.admin.table('onekey');
    expect(view?.table.partitions.filter((p) => p.writeUnitsPerSecond > 0)).toHaveLength(1);
    expect(view?.table.partitions.reduce((sum, p) => sum + p.throttledWritesPerSecond, 0)).toBeGreaterThan(500);
  });

  it('gives a new 200 WCU table a full burst bank, holds it within 10% of 200 once spent, and banks again after 300 s idle', async () => {
    const clock: ManualClock = createManualClock();
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock });
    clients = clientsFor(sandbox);
    const { dynamo } = clients;
    // RCU sets the partition count (ceil(33,000/3,000 + 200/1,000) = 12), so partitions
    // can serve more than the table's 200 WCU and burst becomes visible.
    await createTable(dynamo, { TableName: 'burst', ProvisionedThroughput: { ReadCapacityUnits: 33_000, WriteCapacityUnits: 200 } });
    const keys = keysByPartition(sandbox, 'burst', 12);
    expect(keys).toHaveLength(12);
    const payload = 'b'.repeat(10 * 1024 - 20); // ~10 KB: 10 WCU per item
    const wcuPerItem = 10;

    // A new table starts with 300 s x 200 WCU banked (as new tables on AWS absorb bursts).
    const banked = sandbox.admin.table('burst')?.table.burstWriteUnits ?? 0;
    expect(banked).toBe(60_000);
    // Offered 1,080 WCU/s (far below the 12 partitions' 12,000): all served while burst
    // lasts, which the model says is banked / (offered - provisioned) = 60,000 / 880 = 68 s.
    const offeredItems = 108;
    const predictedS = banked / (offeredItems * wcuPerItem - 200);
    const perSecond: number[] = [];
    for (let s = 0; s < 85; s++) perSecond.push((await offerOneSecond(sandbox, dynamo, 'burst', keys, offeredItems, payload)) * wcuPerItem);
    const fullSeconds = perSecond.findIndex((wcu) => wcu < offeredItems * wcuPerItem * 0.95);
    expect(fullSeconds).toBeGreaterThan(predictedS - 2);
    expect(fullSeconds).toBeLessThan(predictedS + 2);
    expect(Math.min(...perSecond.slice(0, fullSeconds))).toBeGreaterThan(200);
    const after = perSecond.slice(fullSeconds + 2);
    const afterAverage = after.reduce((a, b) => a + b, 0) / after.length;
    expect(Math.abs(afterAverage - 200) / 200).toBeLessThan(0.1);

    // 300 s idle banks 300 s x 200 WCU again.
    sandbox.admin.advance(300_000);
    const rebanked = sandbox.admin.table('burst')?.table.burstWriteUnits ?? 0;
    expect(rebanked).toBeGreaterThan(59_000);
    expect(rebanked).toBeLessThanOrEqual(60_000);
  });

  it('lets a new 5 WCU table take 140 writes/s for seconds, then throttles when its 1,500 banked units are spent', async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock() });
    clients = clientsFor(sandbox);
    const { dynamo } = clients;
    await createTable(dynamo, { TableName: 'small', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    const keys = keysByPartition(sandbox, 'small', 140);
    // 140 one-unit writes a second: the bank (1,500) drains at 135 a second, so about 11 s.
    const perSecond: number[] = [];
    for (let s = 0; s < 14; s++) perSecond.push(await offerOneSecond(sandbox, dynamo, 'small', keys, 140, 'x'));
    const fullSeconds = perSecond.findIndex((n) => n < 140);
    expect(perSecond.slice(0, 3)).toEqual([140, 140, 140]);
    expect(fullSeconds).toBeGreaterThanOrEqual(10);
    expect(fullSeconds).toBeLessThanOrEqual(12);
    expect(perSecond[13]).toBeLessThan(20);
  });

  it('serves a new on-demand table about 4,000 writes/s at once and about 8,000 after a sustained period at 4,000', async () => {
    const clock: ManualClock = createManualClock();
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock });
    clients = clientsFor(sandbox);
    const { dynamo } = clients;
    await createTable(dynamo, { TableName: 'ondemand', BillingMode: 'PAY_PER_REQUEST' });
    const payload = 'o'.repeat(10 * 1024 - 20); // ~10 KB: 10 WRU per item
    let keys = keysByPartition(sandbox, 'ondemand', 25);
    expect(keys).toHaveLength(4);

    // Offered 6,000 WRU/s at once: ~4,000 served, the rest throttled by the partitions.
    const first: number[] = [];
    for (let s = 0; s < 5; s++) first.push((await offerOneSecond(sandbox, dynamo, 'ondemand', keys, 600, payload)) * 10);
    const firstAverage = first.reduce((a, b) => a + b, 0) / first.length;
    expect(Math.abs(firstAverage - 4000) / 4000).toBeLessThan(0.1);

    // Sustain ~4,000 for a full minute, then let the 30-minute doubling window pass.
    const toMinute = 60_000 - (clock.now() % 60_000);
    sandbox.admin.advance(toMinute);
    for (let s = 0; s < 60; s++) await offerOneSecond(sandbox, dynamo, 'ondemand', keys, 400, payload);
    // Doubling right away is still throttled (within 30 minutes of the new peak).
    const early = (await offerOneSecond(sandbox, dynamo, 'ondemand', keys, 1000, payload)) * 10;
    expect(early).toBeLessThan(4400);
    sandbox.admin.advance(31 * 60_000);
    const view = sandbox.admin.table('ondemand');
    expect(view?.table.onDemandPeakPerSecond).toBeGreaterThan(3800);
    expect(view?.table.partitions.length).toBe(8);
    keys = keysByPartition(sandbox, 'ondemand', 25);
    const later: number[] = [];
    for (let s = 0; s < 5; s++) later.push((await offerOneSecond(sandbox, dynamo, 'ondemand', keys, 1000, payload)) * 10);
    const laterAverage = later.reduce((a, b) => a + b, 0) / later.length;
    expect(Math.abs(laterAverage - 8000) / 8000).toBeLessThan(0.1);
  });
});
