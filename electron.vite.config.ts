import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Builds every entry of Capstan into out/:
 * - main/: the Electron main process, the CLI (web mode and sandbox live behind it) and
 *   the worker-thread entries, all plain Node ESM with dependencies left external;
 * - preload/: the sandboxed preload bridge, one CommonJS file with nothing external;
 * - renderer/: the React UI, served by Electron and by web mode alike.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve('electron/main.ts'),
          cli: resolve('electron/cli.ts'),
          'load-job-worker': resolve('electron/engine/load-job-worker.ts'),
          'load-worker': resolve('electron/engine/load-worker.ts'),
          'backfill-worker': resolve('electron/engine/backfill-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
