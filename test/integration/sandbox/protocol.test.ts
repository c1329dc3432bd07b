import {
  BatchWriteItemCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  CreateBackupCommand,
  DeleteItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable, keysByPartition } from './sandbox-clients';

describe('sandbox DynamoDB protocol', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    // Tables start with one second banked (not the default full bank) so small tables throttle at once.
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock(), rules: { initialBurstSeconds: 1 } });
    clients = clientsFor(sandbox);
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('stores items through dynalite and answers ReturnConsumedCapacity with what it charged', async () => {
    await createTable(clients.dynamo, { TableName: 'basic', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } });
    const small = await clients.dynamo.send(new PutItemCommand({ TableName: 'basic', Item: { pk: { S: 'a' }, v: { S: 'x'.repeat(150) } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(small.ConsumedCapacity).toEqual({ TableName: 'basic', CapacityUnits: 1, WriteCapacityUnits: 1 });
    // 1.1 KB item costs 2; overwriting it with a small item still costs the larger (old) size.
    const big = await clients.dynamo.send(new PutItemCommand({ TableName: 'basic', Item: { pk: { S: 'b' }, v: { S: 'x'.repeat(1100) } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(big.ConsumedCapacity?.CapacityUnits).toBe(2);
    const shrink = await clients.dynamo.send(new PutItemCommand({ TableName: 'basic', Item: { pk: { S: 'b' }, v: { S: 'y' } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(shrink.ConsumedCapacity?.CapacityUnits).toBe(2);
    const missing = await clients.dynamo.send(new DeleteItemCommand({ TableName: 'basic', Key: { pk: { S: 'nope' } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(missing.ConsumedCapacity?.CapacityUnits).toBe(1);
    const got = await clients.dynamo.send(new GetItemCommand({ TableName: 'basic', Key: { pk: { S: 'a' } }, ReturnConsumedCapacity: 'TOTAL' }));
    expect(got.Item?.v?.S).toHaveLength(150);
    expect(got.ConsumedCapacity?.CapacityUnits).toBe(0.5);
    const none = await clients.dynamo.send(new GetItemCommand({ TableName: 'basic', Key: { pk: { S: 'a' } } }));
    expect(none.ConsumedCapacity).toBeUndefined();
    // Conditions and update expressions are dynalite's, so they are real.
    await expect(
      clients.dynamo.send(new PutItemCommand({ TableName: 'basic', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const updated = await clients.dynamo.send(
      new UpdateItemCommand({ TableName: 'basic', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '7' } }, ReturnValues: 'ALL_NEW' }),
    );
    expect(updated.Attributes?.n?.N).toBe('7');
  });

  it('charges GSI writes only for projected changes and reports them with INDEXES', async () => {
    await clients.dynamo.send(
      new (await import('@aws-sdk/client-dynamodb')).CreateTableCommand({
        TableName: 'gsi',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'city', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          { IndexName: 'byCity', KeySchema: [{ AttributeName: 'city', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 } },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 50 },
      }),
    );
    const put = await clients.dynamo.send(new PutItemCommand({ TableName: 'gsi', Item: { pk: { S: 'p1' }, city: { S: 'Oslo' }, blob: { S: 'z'.repeat(3000) } }, ReturnConsumedCapacity: 'INDEXES' }));
    expect(put.ConsumedCapacity).toEqual({
      TableName: 'gsi',
      CapacityUnits: 4,
      WriteCapacityUnits: 4,
      Table: { CapacityUnits: 3, WriteCapacityUnits: 3 },
      GlobalSecondaryIndexes: { byCity: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
    });
    // A change to an attribute the index does not project costs the index nothing.
    const unprojected = await clients.dynamo.send(
      new UpdateItemCommand({ TableName: 'gsi', Key: { pk: { S: 'p1' } }, UpdateExpression: 'SET colour = :o', ExpressionAttributeValues: { ':o': { S: 'x' } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(unprojected.ConsumedCapacity?.GlobalSecondaryIndexes).toBeUndefined();
    // Moving the index key is a delete plus a put in the index.
    const moved = await clients.dynamo.send(
      new UpdateItemCommand({ TableName: 'gsi', Key: { pk: { S: 'p1' } }, UpdateExpression: 'SET city = :c', ExpressionAttributeValues: { ':c': { S: 'Rome' } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(moved.ConsumedCapacity?.CapacityUnits).toBe(3 + 2);
    const query = await clients.dynamo.send(
      new QueryCommand({ TableName: 'gsi', IndexName: 'byCity', KeyConditionExpression: 'city = :c', ExpressionAttributeValues: { ':c': { S: 'Rome' } }, ReturnConsumedCapacity: 'INDEXES' }),
    );
    expect(query.Items).toHaveLength(1);
    expect(query.ConsumedCapacity?.GlobalSecondaryIndexes?.byCity?.CapacityUnits).toBe(0.5);
  });

  it('throttles single writes with the service exception, message and reasons', async () => {
    await createTable(clients.dynamo, { TableName: 'tiny', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } });
    sandbox.admin.advance(1000);
    let error: unknown;
    for (let i = 0; i < 20 && !error; i++) {
      try {
        await clients.dynamo.send(new PutItemCommand({ TableName: 'tiny', Item: { pk: { S: `k${i}` } } }));
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    const e = error as ProvisionedThroughputExceededException;
    expect(e.name).toBe('ProvisionedThroughputExceededException');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toBe('The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.');
    expect(e.ThrottlingReasons).toEqual([{ reason: 'TableWriteProvisionedThroughputExceeded', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/tiny' }]);
    // The raw wire body carries the service's __type.
    const raw = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.PutItem', 'X-Amz-Date': '20250101T000000Z', Authorization: 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x' },
      body: JSON.stringify({ TableName: 'tiny', Item: { pk: { S: 'wire' } } }),
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as Record<string, unknown>;
    expect(body.__type).toBe('com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException');
    expect(body.ThrottlingReasons).toEqual(e.ThrottlingReasons);
  });

  it('BatchWriteItem returns throttled items in UnprocessedItems and throws only when none was processed', async () => {
    await createTable(clients.dynamo, { TableName: 'batch', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 } });
    const requests = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `b${i}` }, n: { N: String(i) } } } }));
    const first = await clients.dynamo.send(new BatchWriteItemCommand({ RequestItems: { batch: requests }, ReturnConsumedCapacity: 'TOTAL' }));
    const unprocessed = first.UnprocessedItems?.batch ?? [];
    // A new 10 WCU table holds one second of capacity: 10 items served, 15 returned as sent.
    expect(unprocessed).toHaveLength(15);
    expect(unprocessed).toEqual(requests.slice(10));
    expect(first.ConsumedCapacity).toEqual([{ TableName: 'batch', CapacityUnits: 10, WriteCapacityUnits: 10 }]);
    // With the bucket empty and no time passing, nothing is processed: the call throws.
    await expect(clients.dynamo.send(new BatchWriteItemCommand({ RequestItems: { batch: unprocessed } }))).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      ThrottlingReasons: [{ reason: 'TableWriteProvisionedThroughputExceeded', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/batch' }],
    });
    // Duplicates reject the whole batch before any capacity question.
    await expect(
      clients.dynamo.send(new BatchWriteItemCommand({ RequestItems: { batch: [requests[0]!, requests[0]!] } })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Provided list of item keys contains duplicates' });
    sandbox.admin.advance(2000);
    const second = await clients.dynamo.send(new BatchWriteItemCommand({ RequestItems: { batch: unprocessed } }));
    expect(second.UnprocessedItems).toEqual({});
    const scan = await clients.dynamo.send(new ScanCommand({ TableName: 'batch', ConsistentRead: true }));
    expect(scan.Count).toBe(25);
  });

  it('reports hot partitions as KeyRange throttling', async () => {
    await createTable(clients.dynamo, { TableName: 'hotkey', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3000, WriteCapacityUnits: 3000 } }, true);
    sandbox.admin.advance(60_000);
    const [firstPartitionKeys] = keysByPartition(sandbox, 'hotkey', 1);
    const key = firstPartitionKeys![0]!;
    let error: unknown;
    for (let i = 0; i < 2000 && !error; i += 25) {
      try {
        const out = await clients.dynamo.send(
          new BatchWriteItemCommand({ RequestItems: { hotkey: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: { pk: { S: key }, sk: { N: String(i + j) } } } })) } }),
        );
        if ((out.UnprocessedItems?.hotkey ?? []).length > 0) await clients.dynamo.send(new PutItemCommand({ TableName: 'hotkey', Item: { pk: { S: key }, sk: { N: '-1' } } }));
      } catch (e) {
        error = e;
      }
    }
    expect(error).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      ThrottlingReasons: [{ reason: 'TableWriteKeyRangeThroughputExceeded', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/hotkey' }],
    });
  });

  it('keeps TTL and backup state and reports capacity in DescribeTable', async () => {
    await createTable(clients.dynamo, { TableName: 'state', BillingMode: 'PAY_PER_REQUEST', OnDemandThroughput: { MaxWriteRequestUnits: 500 } });
    expect((await clients.dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'state' }))).TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
    await clients.dynamo.send(new UpdateTimeToLiveCommand({ TableName: 'state', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    expect((await clients.dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'state' }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' });
    expect((await clients.dynamo.send(new DescribeContinuousBackupsCommand({ TableName: 'state' }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('DISABLED');
    await clients.dynamo.send(new UpdateContinuousBackupsCommand({ TableName: 'state', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    expect((await clients.dynamo.send(new DescribeContinuousBackupsCommand({ TableName: 'state' }))).ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
    const backup = await clients.dynamo.send(new CreateBackupCommand({ TableName: 'state', BackupName: 'before-backfill' }));
    expect(backup.BackupDetails?.BackupStatus).toBe('AVAILABLE');
    const described = await clients.dynamo.send(new DescribeTableCommand({ TableName: 'state' }));
    expect(described.Table?.OnDemandThroughput).toEqual({ MaxReadRequestUnits: -1, MaxWriteRequestUnits: 500 });
    await expect(clients.dynamo.send(new DescribeTimeToLiveCommand({ TableName: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
