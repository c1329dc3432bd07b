import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * The renderer's build options. `testHooks` compiles in `window.__capstanTest` (synthetic
 * runs for the end-to-end performance checks): only the test app built by
 * test/support/test-app.ts asks for it, so out/renderer, the bundle that ships, has none
 * of that code (the flag is a constant, and the bundler drops what it guards; the test
 * `renderer-bundle` greps the built files to prove it).
 */
export function rendererBuildOptions(options: { testHooks: boolean; outDir: string }) {
  return {
    define: { __CAPSTAN_TEST_HOOKS__: JSON.stringify(options.testHooks) },
    build: {
      outDir: options.outDir,
      minify: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  };
}

/**
 * Builds every entry of Capstan into out/:
 * - main/: the Electron main process, the CLI (web mode and sandbox live behind it) and
 *   the worker-thread entries, all plain Node ESM with dependencies left external;
 * - preload/: the sandboxed preload bridge, one CommonJS file with nothing external;
 * - renderer/: the React UI, served by Electron and by web mode alike (no test hooks).
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
    ...rendererBuildOptions({ testHooks: false, outDir: 'out/renderer' }),
  },
});
