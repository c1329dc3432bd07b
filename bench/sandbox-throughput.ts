/**
 * Sandbox throughput benchmark (issue 3, issue 15): BatchWriteItem of 200-byte items with
 * random keys, into (a) dynalite alone, (b) the sandbox of this tree with its capacity model
 * on and, with `--baseline DIR`, (c) the sandbox of an earlier checkout, all measured in the
 * same run. The table is provisioned far above the offered load (50,000 WCU, 50 partitions)
 * so every request passes the full model (partition lookup, admission, settle, metrics)
 * without being throttled.
 *
 * Run (from the repository root):
 *
 *   node bench/sandbox-bench.mjs [--baseline /path/to/older/checkout] [--seconds 8] [--reps 3] [--in-flight 16]
 *                                [--instructions BATCHES] [--windows 3]
 *
 * which bundles this file and each tree's electron/sandbox/server.ts with vite and runs
 * this file with node. Each run forks a fresh server process and drives it from this
 * process with a lean HTTP client (pre-built JSON bodies, keep-alive agent). Two numbers
 * per run:
 *   - writes/s, the wall-clock rate (noisy on a shared machine: the client competes for
 *     the same cores);
 *   - CPU per write: the server process's own CPU time (process.cpuUsage, user + system,
 *     all its threads) over the counted window divided by the writes in it. Load on the
 *     machine stretches wall time but barely changes the work a write costs, so this is the
 *     fair comparison between two builds;
 * and with `--instructions BATCHES` (valgrind needed), a third, from the fairest measure:
 *   - instructions per write, counted by callgrind over fixed request mixes (see
 *     bench/sandbox-instructions.ts); `--reps 0` skips the timed runs.
 * BENCH_SERVER_NODE_ARGS passes node options to the server processes (e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/prof`, then `node bench/cpu-profile-summary.mjs /tmp/prof`).
 * Runs rotate through the servers (a different one first in each rep) so drifting noise
 * hits all of them; medians are reported.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { batchBody, createBenchTable, post } from './sandbox-client';
import { callgrindAvailable, countInstructions } from './sandbox-instructions';

type Mode = 'dynalite' | 'baseline' | 'sandbox';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function textArg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function serve(mode: Mode, module: string | undefined): Promise<void> {
  let url: string;
  if (mode === 'dynalite') {
    const { default: dynalite } = await import('dynalite');
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  } else {
    if (!module) throw new Error(`no server module for ${mode}`);
    const { startSandbox } = (await import(pathToFileURL(module).href)) as {
      startSandbox: (options: { tableStatusDelayMs: number }) => Promise<{ url: string }>;
    };
    // Older sandboxes ignore tableStatusDelayMs (their tables were ACTIVE within ~10 ms).
    const sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    url = sandbox.url;
  }
  // The driver asks for this process's CPU time at the start and the end of its window.
  // It exits when asked (not by a signal) so `--cpu-prof` can write its profile.
  process.on('message', (m: { cpu?: boolean; exit?: boolean }) => {
    if (m.exit) process.exit(0);
    if (m.cpu) {
      const used = process.cpuUsage();
      process.send?.({ cpuMicros: used.user + used.system });
    }
  });
  if (process.send) process.send({ url });
  else {
    // Under valgrind (no IPC channel): the URL goes to stdout and SIGTERM ends the process.
    process.on('SIGTERM', () => process.exit(0));
    console.log(url);
  }
}


interface RunResult {
  writesPerSecond: number;
  cpuMicrosPerWrite: number;
}

async function drive(mode: Mode, module: string | undefined, seconds: number, inFlight: number): Promise<RunResult> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', mode, ...(module ? ['--module', module] : [])], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers only.
    execArgv: [...process.execArgv, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '')],
  });
  const url = new URL(await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url))));
  const cpuNow = () =>
    new Promise<number>((resolve) => {
      const onMessage = (m: { cpuMicros?: number }) => {
        if (m.cpuMicros === undefined) return;
        child.off('message', onMessage);
        resolve(m.cpuMicros);
      };
      child.on('message', onMessage);
      child.send({ cpu: true });
    });
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const table = await createBenchTable(agent, url);
  let counter = 0;
  let written = 0;
  let counting = false;
  const warmupMs = 1500;
  const start = Date.now();
  let countFrom = 0;
  let cpuFrom = 0;
  // The counted window opens once the server's CPU time at its start is known, and closes
  // when the last request in flight has been answered.
  const opened = new Promise<void>((resolve) =>
    setTimeout(() => {
      void cpuNow().then((micros) => {
        cpuFrom = micros;
        countFrom = Date.now();
        counting = true;
        resolve();
      });
    }, warmupMs),
  );
  const worker = async () => {
    while (!counting || Date.now() < countFrom + seconds * 1000) {
      const keys: string[] = [];
      for (let i = 0; i < 25; i++) keys.push(`${(Math.random() * 1e9) | 0}-${counter++}`);
      const sentCounting = counting;
      const res = await post(agent, url, 'BatchWriteItem', batchBody(table, keys));
      if (res.status !== 200) throw new Error(`BatchWriteItem ${res.status}: ${res.text.slice(0, 300)}`);
      const unprocessed = res.text === '{"UnprocessedItems":{}}' ? 0 : ((JSON.parse(res.text) as { UnprocessedItems: Record<string, unknown[]> }).UnprocessedItems[table]?.length ?? 0);
      // A batch sent before the window opened was partly paid for before it: count only
      // batches sent inside the window, so writes and CPU cover the same work.
      if (sentCounting) written += 25 - unprocessed;
      if (Date.now() - start > 10 * 60_000) throw new Error('the run never opened its window');
    }
  };
  await Promise.all([opened, ...Array.from({ length: inFlight }, worker)]);
  const cpuMicros = (await cpuNow()) - cpuFrom;
  const elapsedS = (Date.now() - countFrom) / 1000;
  agent.destroy();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ exit: true });
  await exited;
  return { writesPerSecond: written / elapsedS, cpuMicrosPerWrite: cpuMicros / written };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const LABELS: Record<Mode, string> = {
  dynalite: 'dynalite alone',
  baseline: 'sandbox, baseline tree',
  sandbox: 'sandbox, this tree',
};

async function main(): Promise<void> {
  const serveAt = process.argv.indexOf('--serve');
  if (serveAt >= 0) {
    await serve(process.argv[serveAt + 1] as Mode, textArg('module'));
    return;
  }
  const seconds = arg('seconds', 8);
  const reps = arg('reps', 3);
  const inFlight = arg('in-flight', 16);
  const batches = arg('instructions', 0);
  const windows = arg('windows', 3);
  for (const [name, value, least] of [['seconds', seconds, 1], ['reps', reps, 0], ['in-flight', inFlight, 1], ['instructions', batches, 0], ['windows', windows, 1]] as const) {
    if (!Number.isInteger(value) || value < least) throw new Error(`--${name} must be a whole number of at least ${least} (got ${String(value)})`);
  }
  const modules: Partial<Record<Mode, string>> = { sandbox: textArg('sandbox-module'), baseline: textArg('baseline-module') };
  if (!modules.sandbox) throw new Error('run through bench/sandbox-bench.mjs, which builds the sandbox module (--sandbox-module)');
  if (batches > 0 && !callgrindAvailable()) throw new Error('--instructions needs valgrind and callgrind_control on the PATH (apt-get install valgrind)');
  const modes: Mode[] = modules.baseline ? ['dynalite', 'baseline', 'sandbox'] : ['dynalite', 'sandbox'];
  const results = new Map<Mode, RunResult[]>(modes.map((m) => [m, []]));
  for (let r = 0; r < reps; r++) {
    // Rotate which server runs first so a drifting load does not favour one position.
    const order = modes.map((_, i) => modes[(i + r) % modes.length] as Mode);
    for (const mode of order) {
      const run = await drive(mode, modules[mode], seconds, inFlight);
      results.get(mode)?.push(run);
      console.log(
        `run ${r + 1}/${reps} ${mode.padEnd(8)} ${Math.round(run.writesPerSecond).toLocaleString('en-US')} writes/s, ${run.cpuMicrosPerWrite.toFixed(1)} µs server CPU per write`,
      );
    }
  }
  const instructions = new Map<Mode, number[]>();
  if (batches > 0) {
    // Under callgrind only the servers compared against each other (dynalite when there is no baseline).
    for (const mode of modules.baseline ? (['baseline', 'sandbox'] as const) : (['dynalite', 'sandbox'] as const)) {
      const counts = await countInstructions([fileURLToPath(import.meta.url), '--serve', mode, ...(modules[mode] ? ['--module', modules[mode]] : [])], batches, windows);
      instructions.set(mode, counts);
      console.log(`callgrind ${mode.padEnd(8)} ${counts.map((n) => Math.round(n).toLocaleString('en-US')).join(', ')} instructions per write`);
    }
  }
  const against: Mode = modules.baseline ? 'baseline' : 'dynalite';
  const rateOf = (m: Mode) => median((results.get(m) ?? []).map((r) => r.writesPerSecond));
  const cpuOf = (m: Mode) => median((results.get(m) ?? []).map((r) => r.cpuMicrosPerWrite));
  const instructionsOf = (m: Mode) => median(instructions.get(m) ?? []);
  const cell = (has: boolean, text: () => string) => (has ? text() : '–');
  console.log(`\n| server | median writes/s | runs | vs ${against} | server CPU µs/write (median) | runs | vs ${against} | instructions/write (median) | windows | vs ${against} |`);
  console.log('| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | --- | ---: |');
  for (const mode of modes) {
    const runs = results.get(mode) ?? [];
    const counted = instructions.get(mode) ?? [];
    const timed = runs.length > 0;
    const cells = [
      LABELS[mode],
      cell(timed, () => Math.round(rateOf(mode)).toLocaleString('en-US')),
      cell(timed, () => runs.map((r) => Math.round(r.writesPerSecond)).join(', ')),
      cell(timed, () => `${(rateOf(mode) / rateOf(against)).toFixed(2)}x`),
      cell(timed, () => cpuOf(mode).toFixed(1)),
      cell(timed, () => runs.map((r) => r.cpuMicrosPerWrite.toFixed(1)).join(', ')),
      cell(timed, () => `${(cpuOf(mode) / cpuOf(against)).toFixed(2)}x`),
      cell(counted.length > 0, () => Math.round(instructionsOf(mode)).toLocaleString('en-US')),
      cell(counted.length > 0, () => counted.map((n) => `${Math.round(n / 1000)}k`).join(', ')),
      cell(counted.length > 0, () => `${(instructionsOf(mode) / instructionsOf(against)).toFixed(3)}x`),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  const { loadavg } = await import('node:os');
  console.log(
    `\n200-byte items, BatchWriteItem x25. Timed: ${inFlight} in flight, ${seconds} s per run after 1.5 s warm-up, ${reps} runs each (rotated). ` +
      (batches > 0 ? `Callgrind: ${2 * batches} batches warm-up, then ${windows} windows of ${batches} batches (${batches * 25} writes), 4 in flight. ` : '') +
      `Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} at the end.`,
  );
}

await main();
