import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportQuery } from '../../../electron/engine/backfill/query-export/parallel-query-export';
import { monthBoundaries, type QuerySplit } from '../../../electron/engine/backfill/query-export/query-split';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { localClient } from '../../support/table-reader';
import { createOrdersTable, populate } from './backfill-fixtures';

const ORDERS = 12_000;

describe('parallel query export', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    const client = localClient(sandbox.url);
    await createOrdersTable(client, 'orders');
    // One big item collection (a year of orders for one customer, some exactly on month starts) and a neighbour.
    await populate(client, 'orders', ORDERS, (i) => {
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 30) * 86_400_000 + (i % 30) * 1000);
      const sk = i % 997 === 0 ? `${day.toISOString().slice(0, 7)}` : `${day.toISOString()}#${i}`;
      return { pk: { S: i % 5 === 4 ? 'CUST#2' : 'CUST#1' }, sk: { S: sk }, amount: { N: String(i % 100) }, note: { S: `order ${i}, "quoted"` } };
    });
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  async function singleQuery(): Promise<Record<string, AttributeValue>[]> {
    const client = localClient(sandbox.url);
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'CUST#1' } }, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async function run(split: QuerySplit, format: 'jsonl' | 'csv' = 'jsonl') {
    const lines: string[] = [];
    const result = await exportQuery({
      target: { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } },
      shape: { table: 'orders', partitionKeyName: 'pk', partitionKeyValue: { S: 'CUST#1' }, sortKeyName: 'sk' },
      split, concurrency: 8, format, keyNames: ['pk', 'sk'],
      write: (line) => void lines.push(line),
    });
    return { lines, result };
  }

  it('split by month, returns exactly the items of one Query, in its order', async () => {
    const started = performance.now();
    const expected = await singleQuery();
    const singleSeconds = (performance.now() - started) / 1000;
    expect(expected.length).toBe(ORDERS - ORDERS / 5);
    const { lines, result } = await run({ kind: 'boundaries', boundaries: monthBoundaries('2024-01', '2025-02') });
    expect(result.subQueries).toBe(15);
    expect(lines.map((l) => JSON.parse(l) as Record<string, AttributeValue>)).toEqual(expected);
    // Speed belongs to the bench; this records it for the curious.
    console.log(`one Query ${singleSeconds.toFixed(2)} s (SDK), split export ${result.seconds.toFixed(2)} s with ${result.subQueries} sub-queries`);
  });

  it('split by sort-key prefixes, and as CSV, returns the same items', async () => {
    const expected = await singleQuery();
    const { lines } = await run({ kind: 'prefixes', prefixes: monthBoundaries('2024-01', '2025-02') });
    expect(lines.map((l) => JSON.parse(l) as Record<string, AttributeValue>)).toEqual(expected);
    const csv = await run({ kind: 'boundaries', boundaries: ['2024-03', '2024-07'] }, 'csv');
    expect(csv.lines[0]).toBe('pk,sk,amount,note');
    expect(csv.lines).toHaveLength(expected.length + 1);
    expect(csv.lines.slice(1).map((l) => l.split(',')[1])).toEqual(expected.map((i) => i.sk!.S));
  });
});
