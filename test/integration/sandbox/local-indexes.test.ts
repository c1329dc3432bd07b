import { CreateTableCommand, PutItemCommand, QueryCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor } from './sandbox-clients';

describe('local secondary indexes in ReturnConsumedCapacity', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock() });
    clients = clientsFor(sandbox);
    await clients.dynamo.send(
      new CreateTableCommand({
        TableName: 'orders',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'placed', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: 'byPlaced',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'placed', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 },
      }),
    );
    await waitUntilTableExists({ client: clients.dynamo, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: 'orders' });
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('books LSI reads and writes under LocalSecondaryIndexes with INDEXES (paid from the table)', async () => {
    const put = await clients.dynamo.send(
      new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'c1' }, sk: { N: '1' }, placed: { S: '2025-01-01' }, note: { S: 'n'.repeat(1500) } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    // The item is 2 KB in the table; its keys-only projection is one write in the index.
    expect(put.ConsumedCapacity).toEqual({
      TableName: 'orders',
      CapacityUnits: 3,
      WriteCapacityUnits: 3,
      Table: { CapacityUnits: 2, WriteCapacityUnits: 2 },
      LocalSecondaryIndexes: { byPlaced: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
    });
    // An item without the index's sort key is not in the index and costs it nothing.
    const outside = await clients.dynamo.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'c1' }, sk: { N: '2' } }, ReturnConsumedCapacity: 'INDEXES' }));
    expect(outside.ConsumedCapacity?.LocalSecondaryIndexes).toBeUndefined();
    expect(outside.ConsumedCapacity?.CapacityUnits).toBe(1);

    const query = await clients.dynamo.send(
      new QueryCommand({
        TableName: 'orders',
        IndexName: 'byPlaced',
        KeyConditionExpression: 'pk = :c',
        ExpressionAttributeValues: { ':c': { S: 'c1' } },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(query.Items).toHaveLength(1);
    expect(query.ConsumedCapacity).toEqual({
      TableName: 'orders',
      CapacityUnits: 0.5,
      ReadCapacityUnits: 0.5,
      Table: { CapacityUnits: 0, ReadCapacityUnits: 0 },
      LocalSecondaryIndexes: { byPlaced: { CapacityUnits: 0.5, ReadCapacityUnits: 0.5 } },
    });
    // The table paid for all of it: its partition served 3 + 1 write units.
    sandbox.admin.advance(1_000);
    const partitions = sandbox.admin.table('orders')?.table.partitions ?? [];
    expect(partitions.reduce((sum, p) => sum + p.writeUnitsPerSecond, 0)).toBe(4);
  });
});
