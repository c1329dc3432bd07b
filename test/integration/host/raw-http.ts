import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** What one raw exchange saw: the status line's code (null when none came) and how it ended. */
export interface RawOutcome {
  status: number | null;
  /** Who ended the connection: the server (close or reset), the script (a destroy step) or our timeout. */
  endedBy: 'server' | 'client' | 'timeout';
  /** Every byte the server sent. */
  received: Buffer;
}

/** One step of a raw exchange: bytes to send, or an action on the socket. */
export type RawStep =
  | { send: string | Buffer }
  /** Half-close: no more bytes from us, the socket stays open for the answer. */
  | { halfClose: true }
  /** Reset at once. */
  | { destroy: true }
  /** Wait until the server's answer holds this (e.g. the end of a handshake). */
  | { waitFor: string };

/**
 * Talks to a server over a plain TCP socket on 127.0.0.1 exactly as scripted, so the
 * bytes can be anything a real client library would refuse to send. Resolves when the
 * server closes, or after `timeoutMs` (then we close); never rejects.
 */
export function rawExchange(port: number, steps: RawStep[], timeoutMs = 3_000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let endedBy: RawOutcome['endedBy'] = 'server';
    let waiting: { text: string; resume(): void } | null = null;
    const finish = () => {
      clearTimeout(timer);
      const received = Buffer.concat(chunks);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received.subarray(0, 64).toString('latin1'));
      resolve({ status: match ? Number(match[1]) : null, endedBy, received });
    };
    const timer = setTimeout(() => {
      endedBy = 'timeout';
      socket.destroy();
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (waiting && Buffer.concat(chunks).includes(waiting.text)) {
        const w = waiting;
        waiting = null;
        w.resume();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.once('connect', async () => {
      for (const step of steps) {
        if (socket.destroyed) return;
        if ('send' in step) socket.write(step.send);
        else if ('halfClose' in step) socket.end();
        else if ('destroy' in step) {
          endedBy = 'client';
          socket.destroy();
        } else {
          if (Buffer.concat(chunks).includes(step.waitFor)) continue;
          await new Promise<void>((resume) => (waiting = { text: step.waitFor, resume }));
        }
      }
    });
  });
}

/** A client WebSocket frame (RFC 6455), masked as clients must, or not when a test says so. */
export function wsFrame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; mask?: boolean; claimedLength?: bigint } = {}): Buffer {
  const fin = options.fin ?? true;
  const mask = options.mask ?? true;
  const length = options.claimedLength ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) head.push(maskBit | 126, Number(length >> 8n) & 0xff, Number(length) & 0xff);
  else {
    head.push(maskBit | 127);
    for (let shift = 56n; shift >= 0n; shift -= 8n) head.push(Number((length >> shift) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** The request that opens a WebSocket, with any header lines a test wants. */
export function upgradeRequest(path: string, headers: string[]): string {
  return [`GET ${path} HTTP/1.1`, ...headers, '', ''].join('\r\n');
}

/** The headers of a well-formed upgrade to `host`. */
export function upgradeHeaders(host: string): string[] {
  return [`Host: ${host}`, 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13'];
}
