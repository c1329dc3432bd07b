import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real Redis server for the fleet's tests: started on a free port on 127.0.0.1 with no
 * persistence (no RDB, no AOF, a scratch directory), stopped after. The test command installs
 * Debian's redis-server first (test/support/ensure-redis.mjs); the lookup here is the same.
 */

/** A running Redis server started by a test. */
export interface TestRedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:PORT`, as `capstan worker --queue` takes it. */
  readonly url: string;
  /** Ends the server (SIGTERM, SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
  /** Ends the server at once, as a lost machine would (SIGKILL); `restart` brings it back. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (after `kill` or `stop`): empty, or with the data `shutdownSaving` kept. */
  restart(): Promise<void>;
  /** Ends the server with SHUTDOWN SAVE (every client loses its connection); `restart` brings it back with the same data. */
  shutdownSaving(): Promise<void>;
}

/** The redis-server (or valkey-server) executable: REDIS_SERVER_PATH, else the PATH. */
export function redisServerPath(): string {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`REDIS_SERVER_PATH names ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  for (const name of ['redis-server', 'valkey-server']) {
    const path = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (path) return path;
  }
  throw new Error('No redis-server on this machine: run `node test/support/ensure-redis.mjs` (npm test does it before the integration tests)');
}

/** A TCP port free on 127.0.0.1 right now (the server retries if another process takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 20_000;

/** Starts a Redis server on a free port of 127.0.0.1; resolves once it accepts connections. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const executable = redisServerPath();
  const dir = mkdtempSync(join(tmpdir(), 'capstan-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(executable, port, dir);
    } catch (error) {
      lastError = error as Error;
    }
  }
  if (!child) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError ?? new Error('redis-server did not start');
  }
  let current: ChildProcess | null = child;
  const end = async (signal: NodeJS.Signals) => {
    const running = current;
    current = null;
    if (running) await terminate(running, signal);
  };
  return {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      current = await launch(executable, port, dir);
    },
    async shutdownSaving() {
      const running = current;
      if (!running) return;
      const exited = new Promise<void>((resolve) => (running.exitCode !== null || running.signalCode !== null ? resolve() : running.once('exit', () => resolve())));
      await sendCommand(port, ['SHUTDOWN', 'SAVE']);
      await exited;
      current = null;
    },
  };
}

function launch(executable: string, port: number, dir: string): Promise<ChildProcess> {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', '', '--loglevel', 'notice',
  ];
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const onExit = (code: number | null, signal: string | null) => fail(`exited before it was ready (${code ?? signal})`);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} ${why}:\n${lines.slice(-10).join('\n')}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onText = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line) lines.push(line);
        if (READY.test(line)) {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.stdout!.removeAllListeners('data');
          child.stdout!.resume();
          child.stderr!.resume();
          resolve(child);
        }
      }
    };
    child.stdout!.on('data', onText);
    child.stderr!.on('data', onText);
    child.once('error', (error) => fail(`could not be spawned (${error.message})`));
    child.once('exit', onExit);
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** Sends one command (RESP) and waits for the server to answer or close the connection. */
function sendCommand(port: number, words: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`);
    });
    socket.once('error', reject);
    socket.once('data', () => socket.end());
    socket.once('close', () => resolve());
  });
}
