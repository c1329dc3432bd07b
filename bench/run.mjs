// Runs the throughput benchmark (`npm run bench -- [options]`, or `node bench/run.mjs [options]`).
// tsx is not installed, so the TypeScript bench is bundled by vite (SSR build: node built-ins
// and dependencies stay external) into bench/out/, next to its discard endpoint, which it
// forks. The sender worker entry is bundled here too, from electron/engine/load-worker.ts, so the
// bench always measures the current source. Options are passed through; see the head of
// bench/load-throughput.ts.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { build } from 'vite';

const args = process.argv.slice(2);
const run = (command, commandArgs) => {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

// Until electron/engine/load-worker.ts selects the transport from `data.transport` again
// (it was pinned to the SDK while lean-transport.ts was being written), the bench bundle
// adds that selection itself; once the source has it, this does nothing.
const SDK_ONLY = 'sdkTransport(createDynamoClient(data.target, { maxSockets: data.maxSockets }))';
const leanSelection = {
  name: 'bench-lean-transport-selection',
  transform(code, id) {
    if (!id.endsWith('electron/engine/load-worker.ts') || code.includes('leanTransport')) return null;
    if (!code.includes(SDK_ONLY)) throw new Error('load-worker.ts neither selects the lean transport nor has the expected SDK-only line: update bench/run.mjs');
    console.log('note: electron/engine/load-worker.ts ignores options.transport; the bench bundle adds the lean selection');
    return `import { leanTransport as benchLeanTransport } from './writer/lean-transport';\n${code.replace(
      SDK_ONLY,
      `(data.transport === 'lean' ? benchLeanTransport(data.target, { maxSockets: data.maxSockets }) : ${SDK_ONLY})`,
    )}`;
  },
};

await build({
  configFile: false,
  plugins: [leanSelection],
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'bench/out',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: {
        'load-throughput': resolve('bench/load-throughput.ts'),
        'discard-endpoint': resolve('bench/discard-endpoint.ts'),
        'load-worker': resolve('electron/engine/load-worker.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

const extraNodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
run(process.execPath, [...extraNodeArgs, 'bench/out/load-throughput.js', ...args]);
