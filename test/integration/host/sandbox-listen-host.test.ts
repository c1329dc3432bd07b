import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { UNSAFE_LISTEN_FLAG } from '../../../electron/host/listen-address';
import { sandboxOptionsFromFlags } from '../../../electron/sandbox/sandbox-command';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { WORKER_SCRIPTS } from '../../support/built-app';
import { rawExchange } from './raw-http';

/** A ListTables call with a chosen Host header, as a rebinding page would send it (signed: the sandbox refuses unsigned calls). */
function listTables(port: number, host: string) {
  const body = '{}';
  const signed = 'X-Amz-Date: 20250101T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=a/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0\r\n';
  return rawExchange(port, [
    { send: `POST / HTTP/1.1\r\nHost: ${host}\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\n${signed}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}` },
  ]);
}

describe('the sandbox: listen address and Host', () => {
  it('refuses an address beyond loopback unless opted in', () => {
    expect(() => sandboxOptionsFromFlags({ port: '0', host: '0.0.0.0' })).toThrow(UNSAFE_LISTEN_FLAG);
    expect(() => sandboxOptionsFromFlags({ port: '0', host: '10.1.2.3' })).toThrow(/ssh -L/);
    expect(sandboxOptionsFromFlags({ port: '0', host: '0.0.0.0', unsafeListenBeyondLoopback: true }).host).toBe('0.0.0.0');
  });

  describe('`capstan sandbox` options', () => {
    let sandbox: SandboxHandle;
    beforeAll(async () => {
      sandbox = await startSandbox(sandboxOptionsFromFlags({ port: '0', host: '127.0.0.1', allowedHost: ['sandbox.test'] }));
    });
    afterAll(async () => {
      await sandbox?.close();
    });

    it('answers its own names and refuses a rebound one with 400', async () => {
      for (const host of [`127.0.0.1:${sandbox.port}`, `localhost:${sandbox.port}`, `sandbox.test:${sandbox.port}`]) {
        const answer = await listTables(sandbox.port, host);
        expect(answer.status, host).toBe(200);
        expect(answer.received.toString()).toContain('TableNames');
      }
      for (const host of [`evil.example:${sandbox.port}`, 'evil.example', `127.0.0.1:${sandbox.port + 1}`]) {
        const answer = await listTables(sandbox.port, host);
        expect(answer.status, host).toBe(400);
        expect(answer.received.toString()).not.toContain('TableNames');
      }
    });
  });

  describe('the sandbox embedded in the engine', () => {
    let dir: string;
    let engine: Engine;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'capstan-sandbox-host-'));
      engine = await Engine.start({ dataDir: dir, workerScripts: WORKER_SCRIPTS, sandbox: true });
    });
    afterAll(async () => {
      await engine?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('checks Host too', async () => {
      const port = Number(new URL(engine.sandboxEndpoint!).port);
      expect((await listTables(port, `127.0.0.1:${port}`)).status).toBe(200);
      expect((await listTables(port, `evil.example:${port}`)).status).toBe(400);
      expect(await engine.testConnection('sandbox')).toMatchObject({ ok: true });
    });
  });
});
