import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a face's built files are. Computed by each entry from its own `import.meta.url`
 * (entries sit in out/main/; shared chunks may sit deeper, so they must not compute it).
 */
export interface EntryPaths {
  /** Worker entries by name: out/main/<name>.js */
  workerScripts: Record<string, string>;
  /** out/renderer */
  rendererDir: string;
  /** out/preload/preload.cjs */
  preloadScript: string;
}

/** Worker-thread entries built beside the main entries (see electron.vite.config.ts). */
export const WORKER_ENTRIES = ['load-job-worker', 'load-worker', 'backfill-worker'] as const;

/** The built files next to an entry in out/main/. */
export function entryPathsFrom(entryDir: string): EntryPaths {
  return {
    workerScripts: Object.fromEntries(WORKER_ENTRIES.map((name) => [name, join(entryDir, `${name}.js`)])),
    rendererDir: join(entryDir, '..', 'renderer'),
    preloadScript: join(entryDir, '..', 'preload', 'preload.cjs'),
  };
}

/** Where the CLI and web mode keep jobs unless told otherwise: $CAPSTAN_HOME, else ~/.capstan. */
export function defaultDataDir(): string {
  return process.env.CAPSTAN_HOME ?? join(homedir(), '.capstan');
}
