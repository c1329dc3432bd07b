import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable, rawRequest, SIGNED_HEADERS, type RawAnswer } from './sandbox-clients';

const REQUEST_ID = /^[0-9A-Z]{52}$/;
const JSON_10 = 'application/x-amz-json-1.0';

function expectUnknownOperation404(answer: RawAnswer): void {
  expect(answer.status).toBe(404);
  expect(answer.body).toBe('<UnknownOperationException/>\n');
  expect(answer.headers['x-amzn-requestid']).toMatch(REQUEST_ID);
}

function expectJsonError(answer: RawAnswer, type: string, contentType: string, message?: string): void {
  expect(answer.status).toBe(400);
  expect(answer.headers['content-type']).toBe(contentType);
  expect(answer.headers['x-amzn-requestid']).toMatch(REQUEST_ID);
  expect(JSON.parse(answer.body)).toEqual(message === undefined ? { __type: `com.amazon.coral.service#${type}` } : { __type: `com.amazon.coral.service#${type}`, message });
}

describe('the sandbox HTTP front answers like DynamoDB', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('sends 52-character request ids, 404 UnknownOperationException for what is not a JSON POST, and echoes application/json', async () => {
    const health = await rawRequest(sandbox.url, { method: 'GET' });
    expect(health.status).toBe(200);
    expect(health.body).toBe('healthy: dynamodb.us-east-1.amazonaws.com ');
    expect(health.headers['x-amzn-requestid']).toMatch(REQUEST_ID);
    expectUnknownOperation404(await rawRequest(sandbox.url, { method: 'PUT' }));
    expectUnknownOperation404(await rawRequest(sandbox.url, { method: 'DELETE' }));
    expectUnknownOperation404(await rawRequest(sandbox.url, { method: 'OPTIONS' }));
    expectUnknownOperation404(await rawRequest(sandbox.url, { body: 'hi' }));
    for (const contentType of ['whatever', 'application/x-amz-json-1.1', 'application/jsonasdf']) {
      expectUnknownOperation404(await rawRequest(sandbox.url, { headers: { 'Content-Type': contentType, 'X-Amz-Target': 'DynamoDB_20120810.ListTables', ...SIGNED_HEADERS }, body: '{}' }));
    }
    // Not JSON: SerializationException, in the content type the request used.
    expectJsonError(await rawRequest(sandbox.url, { headers: { 'Content-Type': 'application/json' }, body: 'hi' }), 'SerializationException', 'application/json');
    expectJsonError(await rawRequest(sandbox.url, { headers: { 'Content-Type': '  application/json  ;   asfd' }, body: 'hi' }), 'SerializationException', 'application/json');
    expectJsonError(await rawRequest(sandbox.url, { headers: { 'Content-Type': JSON_10 }, body: 'hi' }), 'SerializationException', JSON_10);
    // No target, or one DynamoDB does not have: UnknownOperationException.
    expectJsonError(await rawRequest(sandbox.url, { headers: { 'Content-Type': 'application/json' }, body: '{}' }), 'UnknownOperationException', 'application/json');
    expectJsonError(await rawRequest(sandbox.url, { headers: { 'Content-Type': JSON_10, 'X-Amz-Target': 'DynamoDB_20120810.ListTable', ...SIGNED_HEADERS }, body: '{}' }), 'UnknownOperationException', JSON_10);
    // A good call in application/json is answered in application/json.
    const listed = await rawRequest(sandbox.url, { headers: { 'Content-Type': 'application/json', 'X-Amz-Target': 'DynamoDB_20120810.ListTables', ...SIGNED_HEADERS }, body: '{}' });
    expect(listed.status).toBe(200);
    expect(listed.headers['content-type']).toBe('application/json');
    expect(listed.headers['x-amzn-requestid']).toMatch(REQUEST_ID);
    expect(JSON.parse(listed.body)).toEqual({ TableNames: [] });
  });

  it('answers 413 to a body over 16 MB and reads one of exactly 16 MB', async () => {
    const limit = 16 * 1024 * 1024;
    const tooBig = await rawRequest(sandbox.url, { body: Buffer.alloc(limit + 1, 'a') });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['transfer-encoding']).toBe('chunked');
    expectUnknownOperation404(await rawRequest(sandbox.url, { body: Buffer.alloc(limit, 'a') }));
  });

  it('refuses unsigned and half-signed requests as DynamoDB does, and serves signed SDK clients', async () => {
    const call = (headers: Record<string, string>, path = '/') =>
      rawRequest(sandbox.url, { path, headers: { 'Content-Type': JSON_10, 'X-Amz-Target': 'DynamoDB_20120810.ListTables', ...headers }, body: '{}' });
    const missing = 'Request is missing Authentication Token';
    expectJsonError(await call({}), 'MissingAuthenticationTokenException', JSON_10, missing);
    expectJsonError(await call({ Authorization: 'AWS4' }), 'MissingAuthenticationTokenException', JSON_10, missing);
    expectJsonError(
      await call({ Authorization: 'AWS4-' }),
      'IncompleteSignatureException',
      JSON_10,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-",
    );
    expectJsonError(
      await call({ Authorization: 'AWS4- Signature=b, Credential=a', Date: 'a' }),
      'IncompleteSignatureException',
      JSON_10,
      "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b, Credential=a",
    );
    expectJsonError(
      await call({}, '/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d'),
      'IncompleteSignatureException',
      JSON_10,
      "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
    expectJsonError(
      await call({ Authorization: 'X' }, '/?X-Amz-Algorithm'),
      'InvalidSignatureException',
      JSON_10,
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
    // Nothing was created by the refused calls; a signed client works.
    const clients = clientsFor(sandbox);
    try {
      await createTable(clients.dynamo, { TableName: 'signed', BillingMode: 'PAY_PER_REQUEST' });
      expect((await call(SIGNED_HEADERS)).status).toBe(200);
    } finally {
      clients.destroy();
    }
  });
});

describe('the sandbox and web pages (CORS)', () => {
  let closed: SandboxHandle;
  let open: SandboxHandle;
  let listed: SandboxHandle;

  beforeAll(async () => {
    [closed, open, listed] = await Promise.all([
      startSandbox({ tableStatusDelayMs: 0 }),
      startSandbox({ tableStatusDelayMs: 0, corsOrigins: ['*'] }),
      startSandbox({ tableStatusDelayMs: 0, corsOrigins: ['http://app.example'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([closed.close(), open.close(), listed.close()]);
  });

  it('refuses every web page on the admin API, so no page can reset the sandbox', async () => {
    for (const sandbox of [closed, open]) {
      const clients = clientsFor(sandbox);
      await createTable(clients.dynamo, { TableName: 'kept', BillingMode: 'PAY_PER_REQUEST' });
      clients.destroy();
      const reset = await rawRequest(sandbox.url, { path: '/_sandbox/reset', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: '' });
      expect(reset.status).toBe(403);
      expect(reset.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(reset.body)).toMatchObject({ error: 'CrossOrigin' });
      const preflight = await rawRequest(sandbox.url, { method: 'OPTIONS', path: '/_sandbox/reset', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      // A GET without Origin still says where it came from.
      const state = await rawRequest(sandbox.url, { method: 'GET', path: '/_sandbox/state', headers: { 'Sec-Fetch-Site': 'cross-site' } });
      expect(state.status).toBe(403);
      expect(sandbox.admin.state().tables.map((t) => t.name)).toEqual(['kept']);
      // The app, the CLI and tests (no Origin) still reach it.
      expect((await rawRequest(sandbox.url, { method: 'GET', path: '/_sandbox/state' })).status).toBe(200);
    }
  });

  it('refuses cross-origin DynamoDB calls unless the origin was allowed, then answers CORS as DynamoDB does', async () => {
    const preflight = (sandbox: SandboxHandle, origin: string) =>
      rawRequest(sandbox.url, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Headers': 'a, b, c', 'Access-Control-Request-Method': 'd' },
      });
    const call = (sandbox: SandboxHandle, origin: string) =>
      rawRequest(sandbox.url, { headers: { Origin: origin, 'Content-Type': JSON_10, 'X-Amz-Target': 'DynamoDB_20120810.ListTables', ...SIGNED_HEADERS }, body: '{}' });

    const refusedPreflight = await preflight(closed, 'http://evil.example');
    expect(refusedPreflight.status).toBe(403);
    expect(refusedPreflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(refusedPreflight.headers['x-amzn-requestid']).toMatch(REQUEST_ID);
    const refusedCall = await call(closed, 'http://evil.example');
    expect(refusedCall.status).toBe(403);
    expect(refusedCall.headers['access-control-allow-origin']).toBeUndefined();
    expect((await call(listed, 'http://evil.example')).status).toBe(403);

    const allowed = await preflight(open, 'whatever');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toBe('');
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'a, b, c',
      'access-control-allow-methods': 'd',
      'access-control-max-age': '172800',
      'content-length': '0',
    });
    expect(allowed.headers['x-amzn-requestid']).toMatch(REQUEST_ID);
    const served = await call(open, 'whatever');
    expect(served.status).toBe(200);
    expect(served.headers['access-control-allow-origin']).toBe('*');

    const named = await call(listed, 'http://app.example');
    expect(named.status).toBe(200);
    expect(named.headers['access-control-allow-origin']).toBe('http://app.example');
    expect(named.headers.vary).toBe('Origin');
  });
});
