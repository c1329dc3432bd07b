import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** Options of the embedded sandbox. */
export interface SandboxOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Keep items on disk in this folder; in memory when absent. */
  dataDir?: string;
}

/** A running sandbox. */
export interface SandboxHandle {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the embedded DynamoDB sandbox on 127.0.0.1: items are stored by dynalite, so
 * expressions, conditions and validation are real.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1';
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
