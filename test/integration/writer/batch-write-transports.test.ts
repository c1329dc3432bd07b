import type { AttributeValue, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '../../../electron/engine/dynamo/classify-error';
import { createDynamoClient, type ClientTarget } from '../../../electron/engine/dynamo/client-target';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { sdkTransport, type BatchWriteTransport } from '../../../electron/engine/writer/batch-write-transport';
import { leanTransport } from '../../../electron/engine/writer/lean-transport';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { localClient, scanAll } from '../../support/table-reader';

/** Both transports, built the way a sender worker builds them. */
const transports: [string, (target: ClientTarget) => BatchWriteTransport][] = [
  ['sdk', (target) => sdkTransport(createDynamoClient(target, { maxSockets: 4 }))],
  ['lean', (target) => leanTransport(target, { maxSockets: 4 })],
];

/** An item using every attribute type, so serialisation differences between the paths show. */
function itemFor(i: number): Record<string, AttributeValue> {
  return {
    pk: { S: `CUST#${i.toString().padStart(4, '0')}` },
    n: { N: String(i * 1.5) },
    name: { S: `naïve “customer” ${i} 🚀` },
    bin: { B: new Uint8Array([i % 256, 0, 255, 10]) },
    ok: { BOOL: i % 2 === 0 },
    nothing: { NULL: true },
    tags: { SS: [`t${i}`, 'common'] },
    scores: { NS: ['1', String(i + 2)] },
    blobs: { BS: [new Uint8Array([1, 2]), new Uint8Array([i % 256, 3])] },
    list: { L: [{ S: 'x' }, { N: '7' }, { M: { deep: { B: new Uint8Array([9]) } } }] },
    map: { M: { city: { S: 'Lyon' }, zip: { N: '69001' } } },
  };
}

/** The comparable form of an item: bytes as arrays, sets sorted (DynamoDB does not keep set order). */
function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v);
      out[k] = (k === 'SS' || k === 'NS' || k === 'BS') && Array.isArray(n) ? [...n].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : n;
    }
    return out;
  }
  return value;
}

describe.each(transports)('%s transport against the sandbox', (label, build) => {
  let sandbox: SandboxHandle;
  let client: DynamoDBClient;
  let transport: BatchWriteTransport;
  const table = `writer-${label}`;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    client = localClient(sandbox.url);
    await createTable(client, { tableName: table, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    transport = build({ region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } });
  });

  afterAll(async () => {
    transport?.destroy();
    client?.destroy();
    await sandbox?.close();
  });

  it('writes every item with every attribute type, and reads back exactly what was sent', async () => {
    const items = Array.from({ length: 240 }, (_, i) => itemFor(i));
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
    const answers = await Promise.all(batches.map((b) => transport.batchWrite(table, b)));

    expect(answers.every((a) => a.unprocessed.length === 0)).toBe(true);
    expect(answers.reduce((sum, a) => sum + a.consumedWcu, 0)).toBe(240);
    const stored = await scanAll(client, table);
    const byKey = (a: Record<string, AttributeValue>, b: Record<string, AttributeValue>) => a.pk!.S!.localeCompare(b.pk!.S!);
    expect(normalise(stored.sort(byKey))).toEqual(normalise(items));
  });

  it('deletes with DeleteRequest in the same call shape', async () => {
    const answer = await transport.batchWrite(table, [{ DeleteRequest: { Key: { pk: { S: 'CUST#0000' } } } }, { DeleteRequest: { Key: { pk: { S: 'CUST#0001' } } } }]);
    expect(answer.unprocessed).toEqual([]);
    const keys = (await scanAll(client, table)).map((i) => i.pk!.S);
    expect(keys).not.toContain('CUST#0000');
    expect(keys).not.toContain('CUST#0001');
    expect(keys).toHaveLength(238);
  });

  it('refuses duplicate keys in one request with a validation error', async () => {
    const error = await transport.batchWrite(table, [{ PutRequest: { Item: itemFor(1) } }, { PutRequest: { Item: itemFor(1) } }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(classifyError(error)).toMatchObject({ kind: 'validation', message: expect.stringMatching(/duplicates/i) });
  });

  it('stops on a missing table with an error an operator can read', async () => {
    const error = await transport.batchWrite('no-such-table', [{ PutRequest: { Item: itemFor(1) } }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    expect(classifyError(error)).toMatchObject({ kind: 'fatal', name: 'ResourceNotFoundException', message: expect.stringMatching(/does not exist/) });
  });
});
