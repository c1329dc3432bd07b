import { Sha256 } from '@aws-crypto/sha256-js';
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyError } from '../../../electron/engine/dynamo/classify-error';
import type { ClientTarget } from '../../../electron/engine/dynamo/client-target';
import type { BatchWriteTransport } from '../../../electron/engine/writer/batch-write-transport';
import { leanTransport, type LeanTransportOptions } from '../../../electron/engine/writer/lean-transport';
import { startCannedServer, type RecordedRequest } from './canned-dynamo-server';

const put = (pk: string, extra: Record<string, unknown> = {}): WriteRequest => ({ PutRequest: { Item: { pk: { S: pk }, n: { N: '42' }, ...extra } as never } });

/** Recomputes a recorded request's signature with the AWS SDK's own signer: equal means DynamoDB would accept it. */
async function expectedAuthorization(request: RecordedRequest, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region: string) {
  const h = request.headers;
  const amzDate = String(h['x-amz-date']);
  const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service: 'dynamodb', region, credentials, sha256: Sha256, applyChecksum: false });
  const headers: Record<string, string> = { 'content-type': String(h['content-type']), host: String(h.host), 'x-amz-target': String(h['x-amz-target']) };
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: String(h.host).split(':')[0]!, path: request.url, headers, body: request.body, query: {} },
    { signingDate },
  );
  return signed.headers.authorization;
}

describe('leanTransport against a canned endpoint', () => {
  let server: Awaited<ReturnType<typeof startCannedServer>>;
  let transport: BatchWriteTransport;
  const open = (options: Partial<LeanTransportOptions> = {}, region = 'eu-west-1') => {
    const target: ClientTarget = { region, endpoint: server.url, auth: { kind: 'local' } };
    transport = leanTransport(target, { maxSockets: 4, ...options });
    return transport;
  };

  beforeEach(async () => {
    server = await startCannedServer();
  });
  afterEach(async () => {
    transport?.destroy();
    await server.close();
  });

  it('sends the BatchWriteItem wire format with the operation headers', async () => {
    const requests = [put('CUST#1'), put('CUST#2', { tags: { SS: ['a', 'b'] }, m: { M: { x: { BOOL: true }, y: { NULL: true } } } })];
    await open().batchWrite('customers', requests);
    const [sent] = server.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.url).toBe('/');
    expect(sent!.headers['x-amz-target']).toBe('DynamoDB_20120810.BatchWriteItem');
    expect(sent!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(Number(sent!.headers['content-length'])).toBe(Buffer.byteLength(sent!.body));
    expect(JSON.parse(sent!.body)).toEqual({ RequestItems: { customers: requests }, ReturnConsumedCapacity: 'TOTAL' });
  });

  it('signs every request with SigV4 exactly as the AWS SDK would', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
    await open({ credentials }, 'ap-southeast-2').batchWrite('t1', [put('a')]);
    const [sent] = server.requests;
    const authorization = String(sent!.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-2\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
    expect(String(sent!.headers['x-amz-date'])).toMatch(/^\d{8}T\d{6}Z$/);
    expect(authorization).toBe(await expectedAuthorization(sent!, credentials, 'ap-southeast-2'));
  });

  it('signs and sends a session token, and refreshes expiring keys from a provider once for concurrent requests', async () => {
    let calls = 0;
    const provider = async () => {
      calls++;
      // Already inside the refresh margin: every later request must ask again.
      return { accessKeyId: `AKID${calls}`, secretAccessKey: `secret${calls}`, sessionToken: `token${calls}`, expiration: new Date(Date.now() + 60_000) };
    };
    const t = open({ credentials: provider });
    await Promise.all([t.batchWrite('t1', [put('a')]), t.batchWrite('t1', [put('b')]), t.batchWrite('t1', [put('c')])]);
    expect(calls).toBe(1);
    await t.batchWrite('t1', [put('d')]);
    expect(calls).toBe(2);

    const first = server.requests[0]!;
    const last = server.requests[3]!;
    expect(first.headers['x-amz-security-token']).toBe('token1');
    expect(String(first.headers.authorization)).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,');
    expect(String(first.headers.authorization)).toBe(await expectedAuthorization(first, { accessKeyId: 'AKID1', secretAccessKey: 'secret1', sessionToken: 'token1' }, 'eu-west-1'));
    expect(last.headers['x-amz-security-token']).toBe('token2');
    expect(String(last.headers.authorization)).toBe(await expectedAuthorization(last, { accessKeyId: 'AKID2', secretAccessKey: 'secret2', sessionToken: 'token2' }, 'eu-west-1'));
  });

  it('passes UnprocessedItems back and sums the consumed capacity', async () => {
    const left = [put('b')];
    server.answer({ status: 200, body: { UnprocessedItems: { t1: left }, ConsumedCapacity: [{ TableName: 't1', CapacityUnits: 2 }, { TableName: 't1', CapacityUnits: 1.5 }] } });
    const answer = await open().batchWrite('t1', [put('a'), put('b'), put('c')]);
    expect(answer).toEqual({ unprocessed: left, consumedWcu: 3.5 });
  });

  it('writes binary attributes as base64 and hands unprocessed binaries back as bytes', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const items: WriteRequest[] = [{ PutRequest: { Item: { pk: { B: bytes }, set: { BS: [Buffer.from('hi')] }, l: { L: [{ B: new Uint8Array([7]) }] } } } }];
    const base64 = Buffer.from(bytes).toString('base64');
    server.answer({ status: 200, body: { UnprocessedItems: { t1: [{ PutRequest: { Item: { pk: { B: base64 } } } }] }, ConsumedCapacity: [] } });
    const answer = await open().batchWrite('t1', items);
    const sentItem = JSON.parse(server.requests[0]!.body).RequestItems.t1[0].PutRequest.Item;
    expect(sentItem).toEqual({ pk: { B: base64 }, set: { BS: [Buffer.from('hi').toString('base64')] }, l: { L: [{ B: 'Bw==' }] } });
    const back = answer.unprocessed[0]!.PutRequest!.Item!.pk!.B;
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Array.from(back!)).toEqual(Array.from(bytes));
    // The batch writer matches unprocessed items to its entries by the JSON of the key.
    expect(JSON.stringify(back)).toBe(JSON.stringify(bytes));
  });

  it('throws a throttle with the reasons DynamoDB gave, classified as a throttle', async () => {
    const reasons = [{ reason: 'TableWriteKeyRangeThroughputExceeded', resource: 'arn:aws:dynamodb:eu-west-1:1:table/t1' }];
    server.answer({
      status: 400,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'Throughput exceeds the current capacity', ThrottlingReasons: reasons },
    });
    const error = await open().batchWrite('t1', [put('a')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException', message: 'Throughput exceeds the current capacity', $metadata: { httpStatusCode: 400 }, ThrottlingReasons: reasons });
    expect(classifyError(error)).toEqual({ kind: 'throttle', reasons: ['TableWriteKeyRangeThroughputExceeded'] });
  });

  it('keeps the lower-case throttlingReasons of a ThrottlingException', async () => {
    const reasons = [{ reason: 'TableWriteAccountLimitExceeded', resource: 'table/t1' }];
    server.answer({ status: 400, body: { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded', throttlingReasons: reasons } });
    const error = await open().batchWrite('t1', [put('a')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ThrottlingException', throttlingReasons: reasons });
    expect(classifyError(error)).toEqual({ kind: 'throttle', reasons: ['TableWriteAccountLimitExceeded'] });
  });

  it('maps a validation error, a missing table and an internal error to their classes', async () => {
    server.answer(
      { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Provided list of item keys contains duplicates' } },
      { status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' } },
      { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' } },
      { status: 503, body: '<html>Service Unavailable</html>' },
    );
    const t = open();
    const errors = [];
    for (let i = 0; i < 4; i++) errors.push(await t.batchWrite('t1', [put(`k${i}`)]).catch((e: unknown) => e));
    expect(errors[0]).toMatchObject({ name: 'ValidationException', message: 'Provided list of item keys contains duplicates', $metadata: { httpStatusCode: 400 } });
    expect(classifyError(errors[0])).toEqual({ kind: 'validation', message: 'Provided list of item keys contains duplicates' });
    expect(errors[1]).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    expect(classifyError(errors[1])).toMatchObject({ kind: 'fatal', name: 'ResourceNotFoundException' });
    expect(errors[2]).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
    expect(classifyError(errors[2])).toEqual({ kind: 'transient' });
    expect(errors[3]).toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 503 } });
    expect(classifyError(errors[3])).toEqual({ kind: 'transient' });
  });

  it('takes the error name from x-amzn-ErrorType when the body has no __type', async () => {
    server.answer({ status: 400, body: '', headers: { 'x-amzn-ErrorType': 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/' } });
    const error = await open().batchWrite('t1', [put('a')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } });
    expect(classifyError(error)).toMatchObject({ kind: 'fatal', name: 'UnrecognizedClientException' });
  });

  it('surfaces a reset connection with its code, classified as transient, and keeps working after it', async () => {
    server.answer({ kind: 'reset' });
    const t = open();
    const error = await t.batchWrite('t1', [put('a')]).catch((e: unknown) => e);
    // node:http calls it ECONNRESET, undici UND_ERR_SOCKET ("other side closed"): both are transient.
    expect(error).toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|UND_ERR_SOCKET)$/) });
    expect(classifyError(error)).toEqual({ kind: 'transient' });
    await expect(t.batchWrite('t1', [put('a')])).resolves.toEqual({ unprocessed: [], consumedWcu: 0 });
  });

  it('fails a request that gets no answer with a TimeoutError', async () => {
    server.answer({ kind: 'silent' });
    const error = await open({ requestTimeoutMs: 150 }).batchWrite('t1', [put('a')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(classifyError(error)).toEqual({ kind: 'transient' });
  });

  it('reuses keep-alive connections instead of opening one per request', async () => {
    const t = open({ maxSockets: 2 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.batchWrite('t1', [put(`k${i}`)])));
    for (let i = 0; i < 20; i++) await t.batchWrite('t1', [put(`s${i}`)]);
    const ports = new Set(server.requests.map((r) => r.remotePort));
    expect(server.requests).toHaveLength(40);
    expect(server.requests.every((r) => r.headers.connection === 'keep-alive')).toBe(true);
    expect(ports.size).toBeLessThanOrEqual(2);
  });
});
