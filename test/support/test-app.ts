import { cp, mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { rendererBuildOptions } from '../../electron.vite.config';
import { requireBuild, ROOT } from './built-app';

/**
 * A copy of the built app whose renderer has the test hooks compiled in
 * (`window.__capstanTest`), for the end-to-end checks that inject synthetic runs. It sits
 * in out/test-app/ (main and preload copied from out/, so the CLI there finds the repo's
 * node_modules and serves its own renderer); out/renderer, which ships, has no hooks.
 */

/** The test app's folder. */
export const TEST_APP = resolve(ROOT, 'out/test-app');
/** Its CLI entry: `node <TEST_APP_CLI> web ...` serves the renderer with test hooks. */
export const TEST_APP_CLI = resolve(TEST_APP, 'main/cli.js');

/** Builds a renderer with or without test hooks into `outDir` (an absolute path). */
export async function buildRenderer(options: { testHooks: boolean; outDir: string }): Promise<void> {
  const built = rendererBuildOptions(options);
  // Under vitest NODE_ENV is "test": React's plugin would emit development JSX and React its
  // development code. The test app must run what ships, so the build runs as production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await buildProduction(built);
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

async function buildProduction(built: ReturnType<typeof rendererBuildOptions>): Promise<void> {
  await build({
    configFile: false, root: resolve(ROOT, 'renderer'), plugins: [react()], logLevel: 'warn', mode: 'production',
    define: built.define,
    build: { ...built.build, emptyOutDir: true, rollupOptions: { input: resolve(ROOT, 'renderer/index.html') } },
  });
}

/** (Re)makes out/test-app from the current build. */
export async function buildTestApp(): Promise<void> {
  requireBuild();
  await rm(TEST_APP, { recursive: true, force: true });
  await mkdir(TEST_APP, { recursive: true });
  await cp(resolve(ROOT, 'out/main'), resolve(TEST_APP, 'main'), { recursive: true });
  await cp(resolve(ROOT, 'out/preload'), resolve(TEST_APP, 'preload'), { recursive: true });
  await buildRenderer({ testHooks: true, outDir: resolve(TEST_APP, 'renderer') });
}
