// Runs the sandbox throughput benchmark: `node bench/sandbox-bench.mjs [--baseline DIR] [options]`.
// tsx is not installed, so vite bundles (SSR build: node built-ins and dependencies stay
// external) into node_modules/.cache/capstan-sandbox-bench/ of each tree, inside the tree so
// its own `dynalite` and other dependencies resolve (ignored by git):
//   - bench/sandbox-throughput.ts of this tree (the driver), and
//   - electron/sandbox/server.ts of this tree and, with `--baseline DIR`, of DIR (a checkout
//     of an earlier commit with its own `npm install`), so both sandboxes run in the same
//     interleaved run and the table compares them.
// Other options are passed through; see the head of bench/sandbox-throughput.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

/** Bundles `input` (a path inside `root`) to `root`/node_modules/.cache/capstan-sandbox-bench/`name`.js. */
async function bundle(root, input, name) {
  const outDir = resolve(root, 'node_modules/.cache/capstan-sandbox-bench');
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false,
      target: 'node20',
      rollupOptions: {
        input: { [name]: resolve(root, input) },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  });
  return resolve(outDir, `${name}.js`);
}

const args = process.argv.slice(2);
const at = args.indexOf('--baseline');
let baselineDir;
if (at >= 0) {
  baselineDir = resolve(args[at + 1] ?? '');
  args.splice(at, 2);
  if (!existsSync(resolve(baselineDir, 'electron/sandbox/server.ts')) || !existsSync(resolve(baselineDir, 'node_modules/dynalite'))) {
    console.error(`--baseline ${baselineDir}: not a Capstan checkout with its own npm install (electron/sandbox/server.ts and node_modules/dynalite are needed)`);
    process.exit(2);
  }
}
const here = resolve('.');
const driver = await bundle(here, 'bench/sandbox-throughput.ts', 'sandbox-throughput');
const current = await bundle(here, 'electron/sandbox/server.ts', 'sandbox-server');
const servers = ['--sandbox-module', current];
if (baselineDir) servers.push('--baseline-module', await bundle(baselineDir, 'electron/sandbox/server.ts', 'sandbox-server'));
const result = spawnSync(process.execPath, [driver, ...servers, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
