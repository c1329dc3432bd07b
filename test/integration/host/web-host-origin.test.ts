import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { createCommandHandlers } from '../../../electron/host/command-handlers';
import { UNSAFE_LISTEN_FLAG } from '../../../electron/host/listen-address';
import { confinedPaths } from '../../../electron/host/path-guard';
import { startWebServer, type WebServerHandle } from '../../../electron/host/web-server';
import { ROOT, runCli, WORKER_SCRIPTS } from '../../support/built-app';
import { rawExchange, upgradeHeaders, upgradeRequest } from './raw-http';

const TOKEN = 'test-token-0123456789';

describe('web mode: listen address, Host and Origin', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-web-host-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(options: { host?: string; unsafe?: boolean; names?: string[] }): Promise<WebServerHandle> {
    const handlers = createCommandHandlers(engine, { face: 'web', version: 'test', pickFile: async () => null, printPdf: null, paths: await confinedPaths({ roots: [dir] }) });
    return startWebServer({
      engine, handlers, rendererDir: join(ROOT, 'out', 'renderer'), token: TOKEN, port: 0,
      ...(options.host ? { host: options.host } : {}), unsafeListenBeyondLoopback: options.unsafe === true, allowedHostNames: options.names ?? [],
    });
  }

  const get = (port: number, host: string) => rawExchange(port, [{ send: `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n` }]);
  const upgrade = (port: number, host: string, extra: string[] = []) => rawExchange(port, [{ send: upgradeRequest(`/ws?token=${TOKEN}`, [...upgradeHeaders(host), ...extra]) }, { waitFor: '\r\n\r\n' }, { halfClose: true }]);

  it('answers only requests whose Host names it: a rebound evil.example gets 400, page and socket alike', async () => {
    const web = await serve({});
    try {
      for (const host of [`127.0.0.1:${web.port}`, `localhost:${web.port}`, `[::1]:${web.port}`]) expect((await get(web.port, host)).status, host).toBe(200);
      for (const host of [`evil.example:${web.port}`, 'evil.example', `127.0.0.1:${web.port + 1}`]) {
        expect((await get(web.port, host)).status, host).toBe(400);
        expect((await upgrade(web.port, host)).status, host).toBe(400);
      }
      expect((await upgrade(web.port, `127.0.0.1:${web.port}`)).status).toBe(101);
    } finally {
      await web.close();
    }
  });

  it('refuses a WebSocket from another origin even with the token; its own page and non-browser clients get through', async () => {
    const web = await serve({});
    try {
      const own = `127.0.0.1:${web.port}`;
      for (const origin of ['http://evil.example', `http://evil.example:${web.port}`, 'null', `https://${own}`]) {
        expect((await upgrade(web.port, own, [`Origin: ${origin}`])).status, origin).toBe(401);
      }
      expect((await upgrade(web.port, own, [`Origin: http://${own}`])).status).toBe(101);
      expect((await upgrade(web.port, own, [`Origin: http://localhost:${web.port}`])).status).toBe(101);
      expect((await upgrade(web.port, own)).status).toBe(101);
    } finally {
      await web.close();
    }
  });

  it('listens beyond loopback only when opted in, and still checks Host there', async () => {
    await expect(serve({ host: '0.0.0.0' })).rejects.toThrow(UNSAFE_LISTEN_FLAG);
    const web = await serve({ host: '0.0.0.0', unsafe: true, names: ['capstan.test'] });
    try {
      expect(web.warning).toMatch(/^WARNING: .*0\.0\.0\.0/);
      expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${TOKEN}`);
      expect((await get(web.port, `capstan.test:${web.port}`)).status).toBe(200);
      expect((await get(web.port, `other.test:${web.port}`)).status).toBe(400);
      expect((await get(web.port, `0.0.0.0:${web.port}`)).status).toBe(400);
    } finally {
      await web.close();
    }
  });

  it('`capstan web --host 0.0.0.0` stops before starting anything, naming the flag and the SSH tunnel', async () => {
    const { code, output } = await runCli(['web', '--host', '0.0.0.0', '--port', '0', '--no-sandbox', '--data-dir', join(dir, 'cli-data')]);
    expect(code).toBe(2);
    expect(output).toContain(UNSAFE_LISTEN_FLAG);
    expect(output).toContain('ssh -L');
    expect(output).not.toContain('Capstan is running');
  });
});
