import { fork, type ChildProcess } from 'node:child_process';

/**
 * The discard endpoint (discard-endpoint.ts) started in a process of its own, for the
 * benchmarks that measure the client alone: its event loop, heap and CPU are not the
 * engine's. `script` is the bundled discard-endpoint.js (bench/out/), which the calling
 * entry locates next to itself (a shared chunk lives elsewhere in bench/out/).
 */

/** The endpoint's counters: its CPU, BatchWriteItem calls by who sent them (the SDK sends a user agent, the lean path none), and writes by wall-clock second. */
export interface EndpointStats {
  cpuSeconds: number;
  sdkRequests: number;
  leanRequests: number;
  /** When the last BatchWriteItem arrived (epoch ms; 0 before the first). */
  lastWriteMs: number;
  /** Items and estimated write units taken in each epoch second that had writes. */
  perSecond: { second: number; items: number; wcu: number }[];
}

/**
 * Starts the discard endpoint in its own process; resolves with its URL and a probe of its
 * counters. With `s3Upstream` (the sandbox's URL), S3 requests pass through to it; with
 * `writeDelayMs`, every BatchWriteItem is answered that much later (a remote table's latency).
 */
export async function startDiscardEndpoint(script: string, options: { s3Upstream?: string; writeDelayMs?: number } = {}) {
  const args = [...(options.s3Upstream ? [options.s3Upstream] : []), ...(options.writeDelayMs ? [`--write-delay-ms=${options.writeDelayMs}`] : [])];
  const child: ChildProcess = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`discard endpoint exited with ${code}`)));
    child.once('message', (m) => resolvePort((m as { port: number }).port));
  });
  const stats = () =>
    new Promise<EndpointStats>((resolveStats) => {
      const onMessage = (m: unknown) => {
        if (m && typeof m === 'object' && 'cpu' in m) {
          child.off('message', onMessage);
          const s = m as { cpu: number } & Omit<EndpointStats, 'cpuSeconds'>;
          resolveStats({ cpuSeconds: s.cpu / 1e6, sdkRequests: s.sdkRequests, leanRequests: s.leanRequests, lastWriteMs: s.lastWriteMs, perSecond: s.perSecond });
        }
      };
      child.on('message', onMessage);
      child.send('cpu');
    });
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    stop: () => {
      child.removeAllListeners('exit');
      child.send('stop');
    },
  };
}
