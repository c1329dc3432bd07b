import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../electron/engine/engine';
import { dispatchCommand } from '../../../electron/host/command-dispatcher';
import { createCommandHandlers, type CommandHandlers } from '../../../electron/host/command-handlers';
import { confinedPaths } from '../../../electron/host/path-guard';
import type { CommandName } from '../../../shared/contract';
import { WORKER_SCRIPTS, requireBuild } from '../../support/built-app';

/** A small CSV the confinement tests load and list. */
export const CONFINED_CSV = 'customer_id,name\nc1,Ada\nc2,Grace\n';

/** A command's answer, flattened for assertions. */
export interface CallAnswer {
  ok: boolean;
  name?: string;
  message?: string;
  value?: unknown;
}

/** A web-mode host confined to `root` and the data folder, with escape routes laid out beside it. */
export interface ConfinedHost {
  dir: string;
  root: string;
  outside: string;
  dataDir: string;
  engine: Engine;
  handlers: CommandHandlers;
  call(name: CommandName, payload: unknown): Promise<CallAnswer>;
  close(): Promise<void>;
}

/**
 * Lays out a root the operator allowed and a folder outside it, with the usual ways out
 * of a root (a symlinked file and folder leading outside, a dangling link, a hidden
 * credentials folder), then starts an engine and web-mode command handlers confined to
 * the root and the data folder. `prepare` adds a test's own files before the engine starts.
 */
export async function startConfinedHost(
  prefix: string,
  options: { writeProtectedJobs?: boolean; prepare?: (layout: { root: string; outside: string; dataDir: string }) => Promise<void> } = {},
): Promise<ConfinedHost> {
  requireBuild();
  const dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  const root = join(dir, 'root');
  const outside = join(dir, 'outside');
  const dataDir = join(dir, 'data');
  for (const folder of [root, outside, dataDir, join(root, 'folder'), join(root, '.aws')]) await mkdir(folder, { recursive: true });
  await writeFile(join(root, 'ok.csv'), CONFINED_CSV);
  await writeFile(join(root, 'folder', 'a.csv'), CONFINED_CSV);
  await writeFile(join(root, '.aws', 'credentials'), '[default]\naws_secret_access_key=not-a-real-key\n');
  await writeFile(join(outside, 'secret.csv'), 'customer_id,secret\nc1,s3cr3t\n');
  await symlink(join(outside, 'secret.csv'), join(root, 'link.csv'));
  await symlink(outside, join(root, 'dirlink'));
  await symlink(join(outside, 'secret.csv'), join(root, 'folder', 'b.csv'));
  await symlink(join(outside, 'not-yet.txt'), join(root, 'dangling.txt'));
  await options.prepare?.({ root, outside, dataDir });
  const engine = await Engine.start({ dataDir, workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
  const paths = await confinedPaths({ roots: [root, dataDir], ...(options.writeProtectedJobs ? { writeProtected: [join(dataDir, 'jobs')] } : {}) });
  const handlers = createCommandHandlers(engine, { face: 'web', version: 'test', pickFile: async () => null, printPdf: null, paths });
  return {
    dir,
    root,
    outside,
    dataDir,
    engine,
    handlers,
    async call(name, payload) {
      const result = await dispatchCommand(handlers, name, payload);
      return result.ok ? { ok: true, value: result.value } : { ok: false, ...result.error };
    },
    async close() {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
