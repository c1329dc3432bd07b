import { defineConfig } from 'vitest/config';

/**
 * Three test projects: unit (pure logic, no network), integration (the engine against
 * the sandbox over HTTP on 127.0.0.1, built worker entries from out/), and e2e
 * (Playwright driving web mode in Debian's Chromium).
 */
export default defineConfig({
  test: {
    // The SDK's notice that its 2027 releases need Node 22 says nothing about a test run.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // CI runs on a shared 2-core machine: the slowest unit tests (a million keys, a
          // stalled index pass) take 1-2 s there, too close to vitest's 5 s default.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
