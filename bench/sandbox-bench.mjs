// Runs the sandbox throughput benchmark: `node bench/sandbox-bench.mjs [options]`.
// tsx is not installed, so bench/sandbox-throughput.ts is bundled by vite (SSR build: node
// built-ins and dependencies stay external) into node_modules/.cache/capstan-sandbox-bench/
// (inside the repository so `dynalite` resolves; ignored by git), then run with node.
// Options are passed through; see the head of bench/sandbox-throughput.ts.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { build } from 'vite';

const outDir = resolve('node_modules/.cache/capstan-sandbox-bench');
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { 'sandbox-throughput': resolve('bench/sandbox-throughput.ts') },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
const result = spawnSync(process.execPath, [resolve(outDir, 'sandbox-throughput.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
