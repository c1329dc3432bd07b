import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoClient, type ClientTarget } from '../../../electron/engine/dynamo/client-target';
import { SharedTokenBucket } from '../../../electron/engine/governor/token-bucket';
import { sdkTransport, type BatchWriteTransport } from '../../../electron/engine/writer/batch-write-transport';
import { writeBatch } from '../../../electron/engine/writer/batch-writer';
import { leanTransport } from '../../../electron/engine/writer/lean-transport';
import { decodeBatchMessage, encodeBatchMessage } from '../../../electron/engine/writer/worker-protocol';
import { startCannedServer } from './canned-dynamo-server';

/**
 * The batch writer finds throttled items of an answer by their key as wire text, so an
 * item keyed on binary is matched whether the transport hands the key back as base64
 * (lean: nothing decoded) or as bytes (the SDK), and is resent exactly as first sent.
 */
const items: Record<string, AttributeValue>[] = [0, 1, 2].map((i) => ({ pk: { B: new Uint8Array([i, 250, 7]) }, sk: { N: String(i) }, note: { S: `item ${i}` } }));

describe.each(['lean', 'sdk'] as const)('writeBatch resends unprocessed binary-keyed items (%s transport)', (kind) => {
  let server: Awaited<ReturnType<typeof startCannedServer>>;
  let transport: BatchWriteTransport;

  beforeEach(async () => {
    server = await startCannedServer();
    const target: ClientTarget = { region: 'us-east-1', endpoint: server.url, auth: { kind: 'local' } };
    transport = kind === 'lean' ? leanTransport(target, { maxSockets: 2 }) : sdkTransport(createDynamoClient(target, { maxSockets: 2 }));
  });
  afterEach(async () => {
    transport.destroy();
    await server.close();
  });

  it('resends only the item DynamoDB left unprocessed, byte for byte', async () => {
    const batch = decodeBatchMessage(encodeBatchMessage(9, items.map((item, i) => ({ ordinal: 100 + i, wcu: 1, item }))));
    // DynamoDB answers with the item's values as its wire has them: binary in base64.
    const unprocessedWire = JSON.parse(batch.entries[1]!.item) as unknown;
    server.answer({ status: 200, body: { UnprocessedItems: { t: [{ PutRequest: { Item: unprocessedWire } }] }, ConsumedCapacity: [{ TableName: 't', CapacityUnits: 2 }] } });
    const throttles: number[] = [];
    const outcome = await writeBatch(transport, SharedTokenBucket.create(1_000_000), batch, { table: 't', keyAttributes: ['pk', 'sk'], maxTransientAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, {
      onThrottle: (_reasons, n) => throttles.push(n), onRetry: () => undefined,
    });
    expect(outcome.written.sort()).toEqual([100, 101, 102]);
    expect(outcome.retried).toBe(1);
    expect(throttles).toEqual([1]);
    expect(server.requests).toHaveLength(2);
    const resent = JSON.parse(server.requests[1]!.body) as { RequestItems: { t: { PutRequest: { Item: unknown } }[] } };
    expect(resent.RequestItems.t).toEqual([{ PutRequest: { Item: unprocessedWire } }]);
  });
});
