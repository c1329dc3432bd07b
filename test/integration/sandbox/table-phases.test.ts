import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable } from './sandbox-clients';

describe('table phases: CREATING and DELETING take realistic time', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    // The default delay, on a manual clock so the test moves time instead of waiting.
    sandbox = await startSandbox({ clock: createManualClock() });
    clients = clientsFor(sandbox);
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('keeps a new table CREATING for 3 s by default and a deleted one DELETING as long', async () => {
    const { dynamo } = clients;
    const created = await dynamo.send(
      new CreateTableCommand({
        TableName: 'slow',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    expect(created.TableDescription?.TableStatus).toBe('CREATING');
    sandbox.admin.advance(2_999);
    expect((await dynamo.send(new DescribeTableCommand({ TableName: 'slow' }))).Table?.TableStatus).toBe('CREATING');
    // A client that does not wait fails as it would against DynamoDB.
    await expect(dynamo.send(new PutItemCommand({ TableName: 'slow', Item: { pk: { S: 'early' } } }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(dynamo.send(new DeleteTableCommand({ TableName: 'slow' }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: 'Attempt to change a resource which is still in use: Table is being created: slow',
    });
    sandbox.admin.advance(1);
    expect((await dynamo.send(new DescribeTableCommand({ TableName: 'slow' }))).Table?.TableStatus).toBe('ACTIVE');
    await dynamo.send(new PutItemCommand({ TableName: 'slow', Item: { pk: { S: 'on time' } } }));

    const deleted = await dynamo.send(new DeleteTableCommand({ TableName: 'slow' }));
    expect(deleted.TableDescription?.TableStatus).toBe('DELETING');
    sandbox.admin.advance(2_999);
    expect((await dynamo.send(new DescribeTableCommand({ TableName: 'slow' }))).Table?.TableStatus).toBe('DELETING');
    await expect(dynamo.send(new QueryCommand({ TableName: 'slow', KeyConditionExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'on time' } } }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(createTable(dynamo, { TableName: 'slow', BillingMode: 'PAY_PER_REQUEST' })).rejects.toMatchObject({ name: 'ResourceInUseException' });
    sandbox.admin.advance(1);
    await expect(dynamo.send(new DescribeTableCommand({ TableName: 'slow' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
