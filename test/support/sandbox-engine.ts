import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Engine } from '../../electron/engine/engine';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../electron/sandbox/server';
import { requireBuild, WORKER_SCRIPTS } from './built-app';
import { localClient } from './table-reader';

/** An engine on its own data folder and a sandbox on a free port, for an integration suite. */
export interface SandboxEngine {
  /** The suite's temp folder (the engine's data dir is `<dir>/data`). */
  dir: string;
  sandbox: SandboxHandle;
  engine: Engine;
  /** A DynamoDB client for the sandbox. */
  client: DynamoDBClient;
  /** The connection a job spec names to reach the sandbox. */
  connection(): { kind: 'endpoint'; endpoint: string; region: string };
  /** Closes the engine and the sandbox and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * Starts the sandbox (tables ACTIVE at once unless the options say otherwise) and an
 * engine from the build, in a fresh temp folder named `capstan-<name>-`.
 */
export async function startSandboxEngine(name: string, options: SandboxOptions = {}): Promise<SandboxEngine> {
  requireBuild();
  const dir = await mkdtemp(join(tmpdir(), `capstan-${name}-`));
  const sandbox = await startSandbox({ tableStatusDelayMs: 0, ...options });
  const engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
  return {
    dir, sandbox, engine, client: localClient(sandbox.url),
    connection: () => ({ kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' }),
    close: async () => {
      await engine.close();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
