import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a face's built files are. Computed by each entry from its own `import.meta.url`
 * (entries sit in out/main/; shared chunks may sit deeper, so they must not compute it).
 */
export interface EntryPaths {
  /** out/main/load-worker.js */
  workerScript: string;
  /** out/renderer */
  rendererDir: string;
  /** out/preload/preload.cjs */
  preloadScript: string;
}

/** The built files next to an entry in out/main/. */
export function entryPathsFrom(entryDir: string): EntryPaths {
  return {
    workerScript: join(entryDir, 'load-worker.js'),
    rendererDir: join(entryDir, '..', 'renderer'),
    preloadScript: join(entryDir, '..', 'preload', 'preload.cjs'),
  };
}

/** Where the CLI and web mode keep jobs unless told otherwise: $CAPSTAN_HOME, else ~/.capstan. */
export function defaultDataDir(): string {
  return process.env.CAPSTAN_HOME ?? join(homedir(), '.capstan');
}
