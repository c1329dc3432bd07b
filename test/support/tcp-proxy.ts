import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server, whose link a test can cut and restore:
 * a network partition without losing the server's data (a restarted Redis would come back
 * empty).
 */
export interface TcpProxy {
  readonly port: number;
  /** Drops every connection and refuses new ones until `restore`. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /** Holds what the server sends to about `bytesPerSecond` per connection (null: full speed again), e.g. to make a long read last. */
  throttle(bytesPerSecond: number | null): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `targetPort` on a free port. With `rewriteHost`, HTTP requests' Host
 * header is changed from the proxy's port to the target's (a server that answers only to
 * its own host name, as web mode's sandbox does, then answers through the proxy).
 */
export async function startTcpProxy(targetPort: number, options: { rewriteHost?: boolean } = {}): Promise<TcpProxy> {
  let open = true;
  let rate: number | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    if (options.rewriteHost) {
      client.on('data', (chunk: Buffer) => {
        upstream.write(Buffer.from(chunk.toString('latin1').replace(new RegExp(`\\r\\nhost: 127\\.0\\.0\\.1:${port}\\r\\n`, 'gi'), `\r\nhost: 127.0.0.1:${targetPort}\r\n`), 'latin1'));
      });
      client.on('end', () => upstream.end());
    } else {
      client.pipe(upstream);
    }
    upstream.on('end', () => client.end());
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      if (rate === null) return;
      upstream.pause();
      setTimeout(() => upstream.resume(), (chunk.length / rate) * 1000);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    throttle(bytesPerSecond) {
      rate = bytesPerSecond;
    },
    close() {
      open = false;
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
