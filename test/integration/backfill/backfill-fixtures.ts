import { BatchWriteItemCommand, CreateTableCommand, waitUntilTableExists, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BackfillJobSpecInput } from '../../../shared/backfill-spec';

/** The TTL add-ttl computes for an item's `created` plus `days` (the test's own arithmetic). */
export function expectedTtl(createdIso: string, days: number): string {
  return String(Math.floor(Date.parse(createdIso) / 1000) + days * 86_400);
}

/** Item i of the test tables: a date, sometimes a TTL already (a different value), sometimes no date. */
export function fixtureItem(i: number): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = { pk: { S: `item-${String(i).padStart(7, '0')}` }, n: { N: String(i) } };
  if (i % 50 !== 7) item.created = { S: new Date(Date.UTC(2023, 0, 1) + i * 157_000).toISOString() };
  if (i % 10 === 3) item.ttl = { N: '12345' };
  return item;
}

/** Creates a provisioned table (capacity decides its partitions: ceil(RCU/3000 + WCU/1000)) and waits until it is ACTIVE. */
export async function createFixtureTable(client: DynamoDBClient, name: string, capacity: { wcu: number; rcu: number }): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: capacity.rcu, WriteCapacityUnits: capacity.wcu },
  }));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: name });
}

/** Creates an on-demand table keyed by pk and sk (both strings), as the query-export tests use, and waits until it is ACTIVE. */
export async function createOrdersTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(new CreateTableCommand({
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: name });
}

/** Fills a table fast: BatchWriteItem, many in flight, unprocessed items sent again. */
export async function populate(client: DynamoDBClient, table: string, count: number, make: (i: number) => Record<string, AttributeValue> = fixtureItem): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 24 }, async () => {
    while (next < count) {
      const start = next;
      next = Math.min(count, next + 25);
      let requests = Array.from({ length: next - start }, (_, j) => ({ PutRequest: { Item: make(start + j) } }));
      while (requests.length > 0) {
        const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } })).catch((error: { name?: string }) => {
          if (error.name === 'ProvisionedThroughputExceededException') return { UnprocessedItems: { [table]: requests } };
          throw error;
        });
        requests = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    }
  }));
}

/** An add-ttl backfill spec against a local endpoint. */
export function addTtlSpec(endpoint: string, table: string, extra: Partial<BackfillJobSpecInput> = {}): BackfillJobSpecInput {
  return {
    kind: 'backfill',
    connection: { kind: 'endpoint', endpoint, region: 'us-east-1' },
    table,
    operation: { kind: 'add-ttl', attribute: 'ttl', fromAttribute: 'created', addDays: 30 },
    scan: { segments: 256, workers: 2 },
    rate: { mode: 'fixed', wcuPerSecond: 12_000, rcuPerSecond: 20_000 },
    ...extra,
  };
}

/** How many of the first `count` fixture items lack a TTL but have a date: what add-ttl must write. */
export function fixtureItemsLackingTtl(count: number): number {
  let lacking = 0;
  for (let i = 0; i < count; i++) {
    const item = fixtureItem(i);
    if (!item.ttl && item.created) lacking++;
  }
  return lacking;
}

/** Items whose TTL is not what add-ttl over `days` should leave (a TTL kept, or computed from `created`), in words. */
export function wrongTtls(items: Record<string, AttributeValue>[], days: number): string[] {
  const wrong: string[] = [];
  for (const item of items) {
    const original = fixtureItem(Number((item.n as { N: string }).N));
    const want = original.ttl?.N ?? (original.created ? expectedTtl(original.created.S!, days) : undefined);
    if (item.ttl?.N !== want) wrong.push(`${item.pk?.S}: ttl ${item.ttl?.N} instead of ${want}`);
  }
  return wrong;
}
