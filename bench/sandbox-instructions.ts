/**
 * Instructions per write, counted by valgrind's callgrind: a load-insensitive measure of
 * what one write costs a server process (wall time and even CPU time stretch when other
 * work shares the cores; the instructions a fixed request mix executes barely move).
 *
 * The server runs under `valgrind --tool=callgrind --instr-atstart=no`, is warmed up with
 * a fixed mix of BatchWriteItem calls (twice a window's batches, so the JIT has compiled
 * the hot path), then counts
 * `windows` windows of `batches` batches each (25 writes per batch, 4 in flight, keys
 * fixed by window and batch): `callgrind_control` zeroes the counters, turns
 * instrumentation on, the window runs, instrumentation goes off and the counters are
 * dumped. Counts cover every thread of the process (GC and JIT compiler threads too).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchBody, createBenchTable, post } from './sandbox-client';

const IN_FLIGHT = 4;

/** Whether valgrind and callgrind_control can be run here. */
export function callgrindAvailable(): boolean {
  return spawnSync('valgrind', ['--version']).status === 0 && spawnSync('callgrind_control', ['-h']).status === 0;
}

function control(pid: number, flag: string): void {
  const done = spawnSync('callgrind_control', [flag, String(pid)], { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`callgrind_control ${flag} ${pid} failed: ${done.stderr || done.stdout}`);
}

/** The `totals:` line of the newest numbered dump of `pid` in `dir`. */
function newestTotals(dir: string, pid: number): number {
  const dumps = readdirSync(dir)
    .filter((f) => f.startsWith(`cg.${pid}.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  const last = dumps.at(-1);
  if (!last) throw new Error(`callgrind wrote no dump for process ${pid} in ${dir}`);
  const totals = /^totals:\s*(\d+)/m.exec(readFileSync(join(dir, last), 'utf8'));
  if (!totals) throw new Error(`no totals line in ${join(dir, last)}`);
  return Number(totals[1]);
}

async function writeBatches(agent: Agent, url: URL, table: string, tag: string, batches: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let b = next++; b < batches; b = next++) {
      const keys = Array.from({ length: 25 }, (_, i) => `${tag}-${b}-${i}`);
      const res = await post(agent, url, 'BatchWriteItem', batchBody(table, keys));
      if (res.status !== 200 || res.text !== '{"UnprocessedItems":{}}') throw new Error(`BatchWriteItem ${res.status}: ${res.text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/**
 * Instructions per write of one server, per counted window. `serveArgs` start the server
 * (node arguments after the node binary); it must print its URL as its first stdout line.
 */
export async function countInstructions(serveArgs: string[], batches: number, windows: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-callgrind-'));
  const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${join(dir, 'cg.%p')}`, process.execPath, ...serveArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  try {
    const url = new URL(
      await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const line = out.split('\n')[0] as string;
          if (out.includes('\n')) resolve(line.trim());
        });
        child.once('exit', (code) => reject(new Error(`the server under valgrind exited (${code}) before it listened: ${stderr}`)));
      }),
    );
    const pid = child.pid as number;
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const table = await createBenchTable(agent, url);
    // Warm-up runs uninstrumented (faster) and long enough for the JIT to settle.
    await writeBatches(agent, url, table, 'warm', 2 * batches);
    const perWrite: number[] = [];
    for (let w = 0; w < windows; w++) {
      control(pid, '--zero');
      control(pid, '--instr=on');
      await writeBatches(agent, url, table, `w${w}`, batches);
      control(pid, '--instr=off');
      control(pid, '--dump');
      perWrite.push(newestTotals(dir, pid) / (batches * 25));
    }
    agent.destroy();
    return perWrite;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
