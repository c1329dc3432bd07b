import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/engine';
import type { CommandHandlers } from './command-handlers';
import { isOwnOrigin, isServedHost, servedHostHeaders } from './host-header';
import { checkListenAddress, hostForUrl, isWildcardHost } from './listen-address';
import { rendererFileFor } from './renderer-files';
import { serveWebClient } from './web-client-session';

/** Options of web mode. */
export interface WebServerOptions {
  engine: Engine;
  handlers: CommandHandlers;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Address to listen on: loopback unless `unsafeListenBeyondLoopback`. */
  host?: string;
  port?: number;
  /** The operator's opt-in to an address other machines can reach (see listen-address.ts). */
  unsafeListenBeyondLoopback?: boolean;
  /** Host names besides the loopback ones and the listen address that requests may carry in `Host`. */
  allowedHostNames?: string[];
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
}

/** A running web-mode server. */
export interface WebServerHandle {
  /** The URL to open, token included. */
  url: string;
  port: number;
  /** What the operator must be told at start (listening beyond loopback), or null. */
  warning: string | null;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * Web mode: serves the same renderer and the same engine on 127.0.0.1. Requests must
 * name this server in `Host` (DNS rebinding), the WebSocket also needs this launch's
 * random token (it is in the URL printed at start) and, from a browser, this server's
 * own page as Origin. No request, however malformed, stops the server: each failure
 * is answered (400, 401, 404) on its own connection and the server keeps serving.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const { warning } = checkListenAddress(host, options.unsafeListenBeyondLoopback === true, 'Capstan web mode');
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  let served = new Set<string>();
  const server: Server = createServer((req, res) => {
    serveStatic(rendererDir, served, req, res).catch(() => answerAndClose(res, 500, 'Internal error'));
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not raise an error nobody listens to.
    socket.on('error', () => socket.destroy());
    try {
      if (!namesThisServer(req, served)) return refuseUpgrade(socket, 400, 'Bad Request');
      const url = new URL(req.url ?? '/', 'http://capstan.invalid');
      if (url.pathname !== '/ws' || !sameToken(url.searchParams.get('token'), token) || !isOwnOrigin(req.headers.origin, served)) {
        return refuseUpgrade(socket, 401, 'Unauthorized');
      }
      sockets.handleUpgrade(req, socket, head, (ws) => serveWebClient(ws, options.engine, options.handlers));
    } catch {
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });
  // Requests Node cannot parse (bad request lines, huge headers, broken chunks) get a 400 and a closed socket.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && error.code !== 'ECONNRESET') {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  server.on('error', () => undefined);
  const port = (server.address() as AddressInfo).port;
  served = servedHostHeaders(port, host, options.allowedHostNames ?? []);
  const urlHost = isWildcardHost(host) ? '127.0.0.1' : hostForUrl(host);
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    warning,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** HTTP/1.x with exactly one Host header, naming this server (Node keeps only the first of two). */
function namesThisServer(req: IncomingMessage, served: ReadonlySet<string>): boolean {
  return req.httpVersionMajor === 1 && req.headersDistinct.host?.length === 1 && isServedHost(req.headers.host, served);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

function answerAndClose(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', ...SECURITY_HEADERS }).end(text);
}

async function serveStatic(rendererDir: string, served: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!namesThisServer(req, served)) {
    return answerAndClose(res, 400, `This server answers to ${[...served].join(', ')} only (the Host header named "${String(req.headers.host ?? '')}").`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return answerAndClose(res, 405, 'Method not allowed');
  const rawPath = (req.url ?? '/').split('?', 1)[0]!;
  if (!rawPath.startsWith('/')) return answerAndClose(res, 400, 'Bad request target');
  const file = rendererFileFor(rendererDir, rawPath);
  if ('refused' in file) return answerAndClose(res, file.refused === 'malformed' ? 400 : 404, file.refused === 'malformed' ? 'Bad percent-encoding in the path' : 'Not found');
  const info = await stat(file.path).catch(() => null);
  if (!info?.isFile()) return answerAndClose(res, 404, 'Not found');
  const body = await readFile(file.path);
  res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': body.length, ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
