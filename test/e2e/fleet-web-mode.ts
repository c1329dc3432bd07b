import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { startCli, type CliProcess } from '../support/built-app';
import { startRedisServer, type TestRedisServer } from '../support/redis-server';
import { waitForText } from './ui-wait';
import { startWebMode, type WebMode, type WebModeOptions } from './web-mode';

/** Web mode with a fleet beside it: a real Redis and `capstan worker` processes on its queue. */
export interface FleetWebMode extends WebMode {
  redis: TestRedisServer;
  /** The queue URL the workers were given: the Redis URL, with the password when one is required. */
  queue: string;
  workers: CliProcess[];
  /** Stops the workers, then web mode (browser, server, temp folder), then Redis. */
  close(): Promise<void>;
}

/** What the fleet suite starts with, beyond web mode's own options. */
export interface FleetWebModeOptions extends WebModeOptions {
  /** How many `capstan worker` processes (concurrency 2, each its own work folder in the temp folder). */
  workers: number;
  /** A password Redis requires (CONFIG SET requirepass) before anything connects to it. */
  password?: string;
  /** Runs once web mode is up and before the workers start (to fill the tables the fleet will work on). */
  beforeWorkers?(app: WebMode): Promise<void>;
}

/**
 * Starts Redis (with a password if asked), web mode (see startWebMode), then the workers,
 * waiting until each is on the queue. On a failure part-way, whatever started is stopped
 * before the error is thrown.
 */
export async function startFleetWebMode(options: FleetWebModeOptions): Promise<FleetWebMode> {
  const redis = await startRedisServer();
  const workers: CliProcess[] = [];
  let app: WebMode | undefined;
  const close = async () => {
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await app?.close();
    await redis.stop();
  };
  try {
    let queue = redis.url;
    if (options.password) {
      const admin = new Redis(redis.url);
      await admin.config('SET', 'requirepass', options.password);
      admin.disconnect();
      queue = redis.url.replace('redis://', `redis://:${options.password}@`);
    }
    app = await startWebMode(options);
    await options.beforeWorkers?.(app);
    for (let i = 0; i < options.workers; i++) {
      const worker = startCli(['worker', '--queue', queue, '--concurrency', '2', '--work-dir', join(app.dir, `worker-${i}`)]);
      workers.push(worker);
      await worker.waitForLine(/ready on/, 60_000);
    }
    return { ...app, redis, queue, workers, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Adds web mode's sandbox as an endpoint connection and selects it: workers cannot reach the
 * built-in one, and a fleet run's spec names the endpoint.
 */
export async function useSandboxAsEndpoint(page: Page, sandbox: string): Promise<void> {
  await page.getByTestId('nav-connections').click();
  await page.getByTestId('connections-page').waitFor();
  await page.getByTestId('endpoint-label').fill('Sandbox endpoint');
  await page.getByTestId('endpoint-url').fill(sandbox);
  await page.getByTestId('endpoint-region').fill('us-east-1');
  await page.getByTestId('add-endpoint').click();
  const select = page.locator('[data-testid^="select-connection-endpoint:"]').first();
  await select.waitFor();
  await select.check();
  await waitForText(page.getByTestId('connection'), 'Sandbox endpoint', { contains: true });
}
