// Runs the throughput benchmark (`npm run bench -- [options]`, or `node bench/run.mjs [options]`).
// tsx is not installed, so the TypeScript bench is bundled by vite (SSR build: node built-ins
// and dependencies stay external) into bench/out/, next to its discard endpoint, which it
// forks. The sender worker entry is bundled here too, from electron/engine/load-worker.ts, so the
// bench always measures the current source. Options are passed through; see the head of
// bench/load-throughput.ts.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { build } from 'vite';

// `node bench/run.mjs [bench] [options]`: the bench is load-throughput unless named.
const BENCHES = ['load-throughput', 'load-control', 'fleet', 'fleet-throughput', 'shard-setup', 's3-load', 'parquet-decode'];
const named = BENCHES.includes(process.argv[2] ?? '') ? process.argv[2] : 'load-throughput';
const args = process.argv.slice(named === process.argv[2] ? 3 : 2);
// The AWS SDK's notice that later versions will need Node 22 would be printed by every process.
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'bench/out',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: {
        'load-throughput': resolve('bench/load-throughput.ts'),
        'load-control': resolve('bench/load-control.ts'),
        fleet: resolve('bench/fleet.ts'),
        'fleet-throughput': resolve('bench/fleet-throughput.ts'),
        'shard-setup': resolve('bench/shard-setup.ts'),
        's3-load': resolve('bench/s3-load.ts'),
        'parquet-decode': resolve('bench/parquet-decode.ts'),
        'discard-endpoint': resolve('bench/discard-endpoint.ts'),
        'load-job-worker': resolve('electron/engine/load-job-worker.ts'),
        'load-worker': resolve('electron/engine/load-worker.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

const extraNodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
run(process.execPath, [...extraNodeArgs, `bench/out/${named}.js`, ...args]);
