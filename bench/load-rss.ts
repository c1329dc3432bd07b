import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDiscardEndpoint } from './discard-endpoint-process';
import { median } from './stats';

/**
 * Peak memory of a whole `capstan load` of the big S3 object (bench/s3-load.ts makes it):
 * the CLI process (main thread, the job's worker, sender workers) reads it from the
 * sandbox's S3 and writes every item to the discard endpoint (its own process, started
 * afresh for each run; S3 requests pass through it to the sandbox). Peak RSS is the CLI
 * process's VmHWM, read every 100 ms.
 *
 * - `compareArgs`: each repetition also runs the load with these extra CLI arguments
 *   (e.g. `--workers 2`), the two alternating in order, so drifting noise on a shared
 *   machine falls on both.
 * - `seconds`: stop each load (SIGKILL) after this long instead of letting it finish;
 *   items/s are then the endpoint's writes per second after the first 10 s (RSS reaches
 *   its plateau within the first minute).
 * - `writeDelayMs`: the endpoint answers each BatchWriteItem this much later, as a remote
 *   table does, so batches in flight (not CPU alone) bound the rate.
 */
export async function loadRss(options: { sandboxUrl: string; dir: string; reps: number; seconds: number; compareArgs: string[] | null; writeDelayMs: number }): Promise<void> {
  const variants = [{ label: 'default', args: [] as string[] }, ...(options.compareArgs ? [{ label: options.compareArgs.join(' '), args: options.compareArgs }] : [])];
  const results = new Map(variants.map((v) => [v.label, { peaks: [] as number[], rates: [] as number[] }]));
  for (let rep = 0; rep < options.reps; rep++) {
    for (const variant of rep % 2 ? [...variants].reverse() : variants) {
      const run = await oneLoad(options, variant.args, `rss-load-${rep}-${results.get(variant.label)!.peaks.length}-${variant.label.replace(/\W+/g, '')}`);
      results.get(variant.label)!.peaks.push(run.peakMiB);
      results.get(variant.label)!.rates.push(run.itemsPerSecond);
      console.log(`  load ${rep + 1} ${variant.label}: ${run.items.toLocaleString('en-US')} items in ${run.seconds.toFixed(1)} s, ${Math.round(run.itemsPerSecond).toLocaleString('en-US')} items/s, peak RSS of the CLI process ${run.peakMiB.toFixed(0)} MiB`);
    }
  }
  const scope = options.seconds > 0 ? `first ${options.seconds} s of the load` : 'whole load job';
  console.log(`\n| run (${scope}, S3 → discard endpoint${options.writeDelayMs ? `, writes answered after ${options.writeDelayMs} ms` : ''}) | peak RSS of the CLI process, MiB (median; runs) | items/s (median; runs) |\n| --- | ---: | ---: |`);
  for (const [label, r] of results) {
    console.log(`| ${label} | ${median(r.peaks).toFixed(0)}; ${r.peaks.map((v) => v.toFixed(0)).join(' / ')} | ${Math.round(median(r.rates)).toLocaleString('en-US')}; ${r.rates.map((v) => Math.round(v).toLocaleString('en-US')).join(' / ')} |`);
  }
}

/** One load; whole when `seconds` is 0, else killed after that long. */
async function oneLoad(options: { sandboxUrl: string; dir: string; seconds: number; writeDelayMs: number }, extraArgs: string[], name: string): Promise<{ peakMiB: number; items: number; seconds: number; itemsPerSecond: number }> {
  const endpoint = await startDiscardEndpoint(fileURLToPath(new URL('./discard-endpoint.js', import.meta.url)), { s3Upstream: options.sandboxUrl, writeDelayMs: options.writeDelayMs });
  try {
    const report = join(options.dir, `${name}.json`);
    const args = [resolve('out/main/cli.js'), 'load', '--endpoint', endpoint.url, '--table', 'discard', '--source', 's3://bench/big/rows.csv', '--key', 'pk=CUST#{customer_id}', '--rate', '1000000', '--data-dir', join(options.dir, 'rss-jobs'), '--report', report, '--no-keys', ...extraArgs];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    const started = Date.now();
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, vmHwmBytes(child.pid!))), 100);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const killer = options.seconds > 0 ? setTimeout(() => child.kill('SIGKILL'), options.seconds * 1000) : null;
    const code = await exited;
    clearInterval(timer);
    if (killer) clearTimeout(killer);
    if (options.seconds === 0) {
      if (code !== 0) throw new Error(`capstan load exited ${code}:\n${errors}`);
      const parsed = JSON.parse(await readFile(report, 'utf8')) as { totals: { written: number }; times: { durationSeconds: number } };
      return { peakMiB: peak / 1024 ** 2, items: parsed.totals.written, seconds: parsed.times.durationSeconds, itemsPerSecond: parsed.totals.written / parsed.times.durationSeconds };
    }
    const stats = await endpoint.stats();
    const from = Math.floor(started / 1000) + 10;
    const window = stats.perSecond.filter((s) => s.second >= from && s.second < Math.floor(Date.now() / 1000) - 1);
    const items = stats.perSecond.reduce((sum, s) => sum + s.items, 0);
    const windowItems = window.reduce((sum, s) => sum + s.items, 0);
    return { peakMiB: peak / 1024 ** 2, items, seconds: (Date.now() - started) / 1000, itemsPerSecond: window.length ? windowItems / window.length : 0 };
  } finally {
    endpoint.stop();
  }
}

/** A process's peak resident set (VmHWM), in bytes; 0 once it is gone. */
function vmHwmBytes(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
