import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable, dynamoCall } from './sandbox-clients';

const VALIDATION = 'com.amazon.coral.validate#ValidationException';
const THROTTLED = 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException';

/** A value nested `wraps` maps deep around a string. */
function nested(wraps: number): Record<string, unknown> {
  let value: Record<string, unknown> = { S: 'x' };
  for (let i = 0; i < wraps; i++) value = { M: { a: value } };
  return value;
}

describe('the sandbox validates like DynamoDB before it admits', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    // Tables start with one second banked so the starved table throttles after a few writes.
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock: createManualClock(), rules: { initialBurstSeconds: 1 } });
    clients = clientsFor(sandbox);
    await createTable(clients.dynamo, { TableName: 'keys', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } }, true);
    await createTable(clients.dynamo, { TableName: 'starved', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }, true);
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('answers ValidationException, not a 500, to a start key or key condition of the wrong type', async () => {
    const scan = await dynamoCall(sandbox.url, 'Scan', { TableName: 'keys', ExclusiveStartKey: { pk: { N: '1' }, sk: { N: '1' } } });
    expect(scan).toEqual({ status: 400, body: { __type: VALIDATION, message: 'The provided starting key is invalid: The provided key element does not match the schema' } });
    const query = await dynamoCall(sandbox.url, 'Query', { TableName: 'keys', KeyConditionExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { N: '1' } } });
    expect(query).toEqual({ status: 400, body: { __type: VALIDATION, message: 'One or more parameter values were invalid: Condition parameter type does not match schema type' } });
  });

  it('refuses an invalid request with ValidationException even when the table has no capacity left', async () => {
    // Spend the table's one unit (and its one-second bank) so any admitted request would throttle.
    for (let i = 0; i < 3; i++) await dynamoCall(sandbox.url, 'PutItem', { TableName: 'starved', Item: { pk: { S: `p${i}` }, sk: { N: '1' }, v: { S: 'x'.repeat(3000) } } });
    const put = await dynamoCall(sandbox.url, 'PutItem', { TableName: 'starved', Item: { pk: { S: 'q' }, sk: { N: '1' } } });
    expect(put.body.__type).toBe(THROTTLED);
    const keyUpdate = await dynamoCall(sandbox.url, 'UpdateItem', {
      TableName: 'starved',
      Key: { pk: { S: 'p0' }, sk: { N: '1' } },
      UpdateExpression: 'SET pk = :v',
      ExpressionAttributeValues: { ':v': { S: 'other' } },
    });
    expect(keyUpdate).toEqual({ status: 400, body: { __type: VALIDATION, message: 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key' } });
    // Reads: the table's read unit is spent too, and a read of an index it lacks is still a ValidationException.
    for (let i = 0; i < 4; i++) await dynamoCall(sandbox.url, 'GetItem', { TableName: 'starved', Key: { pk: { S: 'p0' }, sk: { N: '1' } }, ConsistentRead: true });
    const throttledRead = await dynamoCall(sandbox.url, 'Query', { TableName: 'starved', KeyConditionExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'p0' } } });
    expect(throttledRead.body.__type).toBe(THROTTLED);
    const noIndex = await dynamoCall(sandbox.url, 'Query', { TableName: 'starved', IndexName: 'nope', KeyConditionExpression: 'pk = :v', ExpressionAttributeValues: { ':v': { S: 'p0' } } });
    expect(noIndex).toEqual({ status: 400, body: { __type: VALIDATION, message: 'The table does not have the specified index: nope' } });
  });

  it('validates DescribeTimeToLive table names as DynamoDB does', async () => {
    expect(await dynamoCall(sandbox.url, 'DescribeTimeToLive', { TableName: 5 })).toEqual({
      status: 400,
      body: { __type: 'com.amazon.coral.service#SerializationException', Message: 'NUMBER_VALUE cannot be converted to String' },
    });
    expect(await dynamoCall(sandbox.url, 'DescribeTimeToLive', {})).toEqual({
      status: 400,
      body: { __type: VALIDATION, message: "The parameter 'TableName' is required but was not present in the request" },
    });
    for (const name of ['', 'a;', 'a'.repeat(256)]) {
      expect(await dynamoCall(sandbox.url, 'DescribeTimeToLive', { TableName: name })).toEqual({
        status: 400,
        body: { __type: VALIDATION, message: 'TableName must be at least 3 characters long and at most 255 characters long' },
      });
    }
    expect(await dynamoCall(sandbox.url, 'DescribeTimeToLive', { TableName: 'abc;' })).toEqual({
      status: 400,
      body: { __type: VALIDATION, message: "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+" },
    });
    expect((await dynamoCall(sandbox.url, 'DescribeTimeToLive', { TableName: 'absent' })).body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      message: 'Requested resource not found: Table: absent not found',
    });
    expect(await dynamoCall(sandbox.url, 'DescribeTimeToLive', { TableName: 'keys' })).toEqual({ status: 200, body: { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } } });
  });

  it('refuses items DynamoDB refuses: a BOOL that is not a boolean, a B that is not base64, nesting past 32 levels', async () => {
    const key = { pk: { S: 'item' }, sk: { N: '1' } };
    const put = (v: unknown) => dynamoCall(sandbox.url, 'PutItem', { TableName: 'keys', Item: { ...key, v } });
    const serialization = (message: string) => ({ status: 400, body: { __type: 'com.amazon.coral.service#SerializationException', Message: message } });
    expect(await put({ BOOL: 'yes' })).toEqual(serialization('Unexpected token received from parser'));
    expect(await put({ L: [{ BOOL: 'true' }] })).toEqual(serialization('Unexpected token received from parser'));
    expect(await put({ B: 'abc' })).toEqual(serialization('Base64 encoded length is expected a multiple of 4 bytes but found: 3'));
    expect(await put({ B: '!!!!' })).toEqual(serialization('Invalid last non-pad Base64 character dectected'));
    const batch = await dynamoCall(sandbox.url, 'BatchWriteItem', { RequestItems: { keys: [{ PutRequest: { Item: { ...key, v: { BOOL: '1' } } } }] } });
    expect(batch).toEqual(serialization('Unexpected token received from parser'));
    const deep = { status: 400, body: { __type: VALIDATION, message: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit' } };
    expect(await put(nested(32))).toEqual(deep);
    const update = await dynamoCall(sandbox.url, 'UpdateItem', { TableName: 'keys', Key: key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': nested(32) } });
    expect(update).toEqual(deep);
    // Nothing was stored by the refusals; the deepest allowed value and a real boolean are.
    expect((await dynamoCall(sandbox.url, 'GetItem', { TableName: 'keys', Key: key })).body).toEqual({});
    expect((await put(nested(31))).status).toBe(200);
    expect((await put({ M: { BOOL: { S: 'an attribute named BOOL' }, flag: { BOOL: true } } })).status).toBe(200);
    expect((await dynamoCall(sandbox.url, 'GetItem', { TableName: 'keys', Key: key })).body).toEqual({ Item: { ...key, v: { M: { BOOL: { S: 'an attribute named BOOL' }, flag: { BOOL: true } } } } });
  });
});
