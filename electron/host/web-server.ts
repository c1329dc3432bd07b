import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EngineEvent } from '../../shared/contract';
import type { Engine } from '../engine/engine';
import { dispatchCommand } from './command-dispatcher';
import type { CommandHandlers } from './command-handlers';

/** Options of web mode. */
export interface WebServerOptions {
  engine: Engine;
  handlers: CommandHandlers;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
}

/** A running web-mode server. */
export interface WebServerHandle {
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The message a web client sends: one command call. */
interface CallMessage {
  id: number;
  command: string;
  payload: unknown;
}

/**
 * Web mode: serves the same renderer and the same engine on 127.0.0.1. The WebSocket
 * only accepts connections that carry this launch's random token (it is in the URL
 * printed at start) and come from the page this server served.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const server: Server = createServer((req, res) => void serveStatic(rendererDir, req, res));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const allowedOrigin = `http://${req.headers.host}`;
    if (url.pathname !== '/ws' || !sameToken(url.searchParams.get('token'), token) || (req.headers.origin && req.headers.origin !== allowedOrigin)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => serveClient(ws, options));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function serveClient(ws: WebSocket, options: WebServerOptions): void {
  const unsubscribe = options.engine.subscribe((event: EngineEvent) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
  });
  ws.on('message', (data) => {
    let message: CallMessage;
    try {
      message = JSON.parse(String(data)) as CallMessage;
      if (typeof message.id !== 'number' || typeof message.command !== 'string') throw new Error('bad call');
    } catch {
      ws.send(JSON.stringify({ id: -1, result: { ok: false, error: { name: 'BadMessage', message: 'A call must be JSON {id, command, payload}' } } }));
      return;
    }
    void dispatchCommand(options.handlers, message.command, message.payload).then((result) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }));
    });
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
}

async function serveStatic(rendererDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const path = normalize(join(rendererDir, relative));
  if (req.method !== 'GET' || (path !== rendererDir && !path.startsWith(rendererDir + sep))) {
    res.writeHead(404).end();
    return;
  }
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    const body = await readFile(path);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    res.end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
