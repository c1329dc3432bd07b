#!/usr/bin/env node
// The whole test suite, in the order that fails fastest: lint, typecheck, build, unit,
// Redis for the fleet tests, the AWS CLI for the S3 tests (each installed from Debian when
// missing), integration (engine against the sandbox over HTTP), end-to-end (Playwright in Chromium
// against web mode). Prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['build', 'npx', ['electron-vite', 'build']],
  ['unit', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['redis', 'node', ['test/support/ensure-redis.mjs']],
  ['aws-cli', 'node', ['test/integration/s3/ensure-aws-cli.mjs']],
  ['integration', 'npx', ['vitest', 'run', '--project', 'integration']],
  ['chromium', 'node', ['test/e2e/ensure-chromium.mjs']],
  ['e2e', 'npx', ['vitest', 'run', '--project', 'e2e']],
];

let passed = 0;
let failed = 0;
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    passed++;
    console.log(`=== ${name}: ok (${seconds} s)`);
  } else {
    failed++;
    console.log(`=== ${name}: FAILED (exit ${result.status ?? result.signal}, ${seconds} s)`);
    break;
  }
}
console.log(`\nsteps: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
