/**
 * S3 source benchmark (issue 13): the same 1 M-row customer CSV, split into 20 gzip
 * objects, loaded into the sandbox from the sandbox's S3 and from local disk, in the
 * same run (runs alternate local, S3, local, S3, ... so drifting noise on a shared
 * machine spreads over both); items/s from each job's report, medians and their ratio
 * (target: S3 >= 80% of local). Then, with `--rss-gb N` (default 2), the peak RSS of a
 * process reading an N GB CSV object from the sandbox's S3 through the engine's source
 * layer (index pass and far-apart lanes, as a load reads it; records parsed, not written).
 *
 * Run from the repository root after `npx electron-vite build` (the jobs run the built CLI):
 *
 *   node bench/run.mjs s3-load [--rows 1000000] [--objects 20] [--reps 2] [--rss-gb 2]
 *
 * (`--reps 0 --rows 10000` measures only the RSS; `--rss-gb 0` only the loads.) RSS options:
 * `--rss-reps N` reads the object N times; `--baseline-script bench-build/s3-load.js` alternates
 * those reads with another build of this bench (a copy of bench/out built from an older
 * commit, kept inside the repository so it finds node_modules); `--read-node-args "..."`
 * passes V8/Node flags to the reading process; `--endpoint URL` uses a sandbox already
 * running and keeps its 2 GiB object between runs; `S3_BENCH_TIMELINE=1` prints each
 * reading process's `process.memoryUsage()` every second. `--rss-load N` then runs N whole
 * `capstan load` jobs of the object (bench/load-rss.ts: `--rss-load-compare "--workers 2"`
 * alternates them with other CLI arguments, `--rss-load-seconds S` stops each after S
 * seconds, `--write-delay-ms D` makes the endpoint answer writes D ms late).
 *
 * The sandbox runs in its own process with `--data` (objects on disk), the load CLI in
 * another, all on the same cores.
 */
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeCustomerSample } from '../electron/engine/sample/customer-sample';
import { createS3Client } from '../electron/engine/s3/s3-client';
import { createS3UploadStream } from '../electron/engine/s3/s3-upload-stream';
import { openRecordSource } from '../electron/engine/source/open-record-source';
import { loadRss } from './load-rss';
import { median } from './stats';
import { createTable } from '../electron/engine/tables/table-catalog';
import { createDynamoClient, type ClientTarget } from '../electron/engine/dynamo/client-target';

const CLI = resolve('out/main/cli.js');

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function textFlag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function mib(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(0);
}

/** What one read-only child reports. */
interface ReadResult { maxArrayBuffers: number; maxHeapTotal: number; records: number; seconds: number; indexSeconds: number; cpuSeconds: number; maxRssBytes: number; peak: MemorySample; spreadMode: string }

function describeSample(s: MemorySample): string {
  return `rss ${mib(s.rss)}, heap ${mib(s.heapUsed)} used of ${mib(s.heapTotal)}, external ${mib(s.external)} (arrayBuffers ${mib(s.arrayBuffers)}), other ${mib(s.rss - s.heapTotal - s.external)} (RSS of mapped files ${mib(s.rssFile)}) MiB at ${s.seconds.toFixed(1)} s`;
}


/** Runs a child to its end, resolving with its output; `onLine` sees lines as they come. */
function runChild(args: string[], onLine?: (line: string) => void): { done: Promise<string>; kill(): void; pid: number } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  let output = '';
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line) onLine?.(line);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const done = new Promise<string>((resolveDone, reject) => child.once('exit', (code) => (code === 0 ? resolveDone(output) : reject(new Error(`${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`)))));
  return { done, kill: () => child.kill('SIGTERM'), pid: child.pid! };
}

/** One `process.memoryUsage()` sample, in bytes, and when it was taken. */
interface MemorySample { seconds: number; rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; rssAnon: number; rssFile: number }

/** The ten largest resident mappings of this process, with their RSS in MiB (Linux). */
function largestMappings(): string {
  const regions: { name: string; size: number; rss: number }[] = [];
  let current: { name: string; size: number; rss: number } | undefined;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      current = { name: head[3] || '[anon]', size: (parseInt(head[2]!, 16) - parseInt(head[1]!, 16)) / 1024 ** 2, rss: 0 };
      regions.push(current);
    } else if (current && line.startsWith('Rss:')) current.rss = Number(/(\d+)/.exec(line)![1]) / 1024;
  }
  const anon = regions.filter((r) => r.name === '[anon]' || r.name === '[heap]');
  const total = (list: typeof regions): string => list.reduce((sum, r) => sum + r.rss, 0).toFixed(0);
  return `anonymous ${total(anon)} MiB in ${anon.length} mappings; largest: ${[...regions].sort((a, b) => b.rss - a.rss).slice(0, 10).map((r) => `${r.name.split('/').pop()} ${r.rss.toFixed(1)}/${r.size.toFixed(0)}`).join(', ')}`;
}

/**
 * Reads every record of an S3 source, as a load would, and prints the peak RSS (child mode),
 * with a `process.memoryUsage()` timeline every 250 ms: the sample at the peak RSS says
 * which part (V8 heap, Buffers, or neither: native memory) holds the memory.
 */
async function readOnly(url: string, endpoint: string): Promise<void> {
  const started = performance.now();
  const samples: MemorySample[] = [];
  const sample = (): void => {
    const m = process.memoryUsage();
    // Linux: anonymous memory (heaps, malloc arenas) apart from mapped files (the node binary).
    const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
    const kib = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    samples.push({ seconds: (performance.now() - started) / 1000, rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rssAnon: kib('RssAnon'), rssFile: kib('RssFile') });
  };
  // With S3_BENCH_SMAPS=1: at each new peak, the largest resident mappings (from /proc/self/smaps).
  let peakMappings = '';
  let peakSeen = 0;
  const timer = setInterval(() => {
    sample();
    const last = samples[samples.length - 1]!;
    if (process.env.S3_BENCH_SMAPS && last.rss > peakSeen + 4 * 1024 ** 2) {
      peakSeen = last.rss;
      peakMappings = `at ${last.seconds.toFixed(1)} s: ${largestMappings()}`;
    }
  }, 250);
  sample();
  const target: ClientTarget = { region: 'us-east-1', endpoint, auth: { kind: 'local' } };
  const source = await openRecordSource({ path: url, format: 'csv' }, { target });
  let records = 0;
  let indexSeconds = 0;
  for await (const batch of source.batches()) {
    if (records === 0) indexSeconds = (performance.now() - started) / 1000;
    records += batch.length;
  }
  await source.close();
  clearInterval(timer);
  sample();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage();
  const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  const maxArrayBuffers = Math.max(...samples.map((s) => s.arrayBuffers));
  const maxHeapTotal = Math.max(...samples.map((s) => s.heapTotal));
  console.log(`RESULT ${JSON.stringify({ records, seconds, indexSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssBytes: process.resourceUsage().maxRSS * 1024, peak, maxArrayBuffers, maxHeapTotal, spreadMode: source.spreadMode() })}`);
  if (peakMappings) console.log(`  largest mappings ${peakMappings}`);
  if (process.env.S3_BENCH_TIMELINE) {
    const mib = (bytes: number): string => (bytes / 1024 ** 2).toFixed(0).padStart(5);
    for (const s of samples.filter((_, i) => i % 4 === 0)) console.log(`  t=${s.seconds.toFixed(1).padStart(6)} s  rss ${mib(s.rss)}  heapTotal ${mib(s.heapTotal)}  heapUsed ${mib(s.heapUsed)}  external ${mib(s.external)}  arrayBuffers ${mib(s.arrayBuffers)}  anon ${mib(s.rssAnon)}  file ${mib(s.rssFile)} MiB`);
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--read-only') return readOnly(process.argv[3]!, process.argv[4]!);
  const rows = flag('rows', 1_000_000);
  const objects = flag('objects', 20);
  const reps = flag('reps', 2);
  const rssGb = flag('rss-gb', 2);
  const rssReps = flag('rss-reps', 1);
  const baselineScript = textFlag('baseline-script');
  const rssLoadReps = flag('rss-load', 0);
  const readNodeArgs = (textFlag('read-node-args') ?? '').split(' ').filter(Boolean);
  const dir = await mkdtemp(join(tmpdir(), 'capstan-bench-s3-'));
  let sandbox: ReturnType<typeof runChild> | undefined;
  // `--endpoint URL`: a sandbox already running (its objects kept between bench runs).
  const givenEndpoint = textFlag('endpoint');
  const sandboxReady = givenEndpoint ? Promise.resolve(givenEndpoint) : new Promise<string>((resolveUrl) => {
    sandbox = runChild([CLI, 'sandbox', '--port', '0', '--data', join(dir, 'sandbox')], (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match) resolveUrl(match[1]!);
    });
  });
  try {
    const endpoint = await sandboxReady;
    const target: ClientTarget = { region: 'us-east-1', endpoint, auth: { kind: 'local' } };
    const s3 = createS3Client(target);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' })).catch((error: Error) => {
      if (!givenEndpoint || error.name !== 'BucketAlreadyOwnedByYou') throw error;
    });
    const csvPath = join(dir, 'customers.csv');
    await writeCustomerSample({ rows, out: csvPath });
    const [header, ...lines] = (await readFile(csvPath, 'utf8')).trimEnd().split('\n');
    const localFolder = join(dir, 'local');
    await mkdir(localFolder);
    const perObject = Math.ceil(lines.length / objects);
    let gzipBytes = 0;
    for (let part = 0; part < objects; part++) {
      const body = gzipSync(`${header}\n${lines.slice(part * perObject, (part + 1) * perObject).join('\n')}\n`);
      gzipBytes += body.length;
      const name = `part-${String(part).padStart(3, '0')}.csv.gz`;
      await writeFile(join(localFolder, name), body);
      await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `unload/${name}`, Body: body }));
    }
    console.log(`${rows.toLocaleString('en-US')} rows in ${objects} gzip objects (${(gzipBytes / 1e6).toFixed(1)} MB), sandbox at ${endpoint}`);

    const dynamo = createDynamoClient(target);
    const rates: Record<'local' | 's3', number[]> = { local: [], s3: [] };
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of ['local', 's3'] as const) {
        const table = `bench-${kind}-${rep}`;
        await createTable(dynamo, { tableName: table, partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PROVISIONED', wcu: 100_000, rcu: 1000 } });
        const report = join(dir, `${table}.json`);
        const source = kind === 'local' ? localFolder : 's3://bench/unload/';
        await runChild([CLI, 'load', '--endpoint', endpoint, '--table', table, '--source', source, '--key', 'pk=CUST#{customer_id}', '--rate', '100000', '--data-dir', join(dir, 'jobs'), '--report', report]).done;
        const parsed = JSON.parse(await readFile(report, 'utf8')) as { totals: { written: number }; times: { durationSeconds: number } };
        if (parsed.totals.written !== rows) throw new Error(`${kind} run ${rep} wrote ${parsed.totals.written} of ${rows}`);
        const rate = parsed.totals.written / parsed.times.durationSeconds;
        rates[kind].push(rate);
        console.log(`  run ${rep + 1} ${kind.padEnd(5)} ${Math.round(rate).toLocaleString('en-US')} items/s (${parsed.times.durationSeconds.toFixed(1)} s)`);
      }
    }
    dynamo.destroy();
    const local = median(rates.local);
    const fromS3 = median(rates.s3);
    if (reps > 0) console.log('\n| source | median items/s | runs | vs local |\n| --- | ---: | --- | ---: |');
    if (reps > 0) console.log(`| local disk (baseline) | ${Math.round(local).toLocaleString('en-US')} | ${rates.local.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ')} | 1.00x |`);
    if (reps > 0) console.log(`| sandbox S3 | ${Math.round(fromS3).toLocaleString('en-US')} | ${rates.s3.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ')} | ${(fromS3 / local).toFixed(2)}x |`);

    if (rssGb > 0) {
      // One large CSV object, streamed up as a multipart upload (never whole in memory here either).
      const totalBytes = rssGb * 1024 ** 3;
      const kept = givenEndpoint ? await s3.send(new HeadObjectCommand({ Bucket: 'bench', Key: 'big/rows.csv' })).catch(() => undefined) : undefined;
      let written = kept?.ContentLength ?? 0;
      if (written < totalBytes) {
        written = 0;
        const upload = createS3UploadStream(s3, 's3://bench/big/rows.csv', { partBytes: 64 * 1024 * 1024 });
        const row = lines[0]!;
        // Every row its own customer_id (a load of the object writes every row), the rest of the row as generated.
        const rest = row.slice(row.indexOf(','));
        let nextId = 0;
        const nextBlock = (): Buffer => Buffer.from(`${Array.from({ length: 10_000 }, () => `${String(nextId++).padStart(12, '0')}${rest}`).join('\n')}\n`);
        await new Promise<void>((ok, fail) => upload.write(`${header}\n`, (error) => (error ? fail(error) : ok())));
        while (written < totalBytes) {
          const block = nextBlock();
          written += block.length;
          if (!upload.write(block)) await new Promise<void>((ok) => upload.once('drain', () => ok()));
        }
        await new Promise<void>((ok, fail) => upload.end((error?: Error | null) => (error ? fail(error) : ok())));
      }
      // Read runs: this build, alternated with a baseline build (`--baseline-script`) when given.
      const scripts = [{ label: 'this build', script: process.argv[1]! }, ...(baselineScript ? [{ label: 'baseline', script: resolve(baselineScript) }] : [])];
      const runs = new Map(scripts.map((s) => [s.label, [] as ReadResult[]]));
      for (let rep = 0; rep < rssReps; rep++) {
        for (const { label, script } of rep % 2 ? [...scripts].reverse() : scripts) {
          const output = await runChild([...readNodeArgs, script, '--read-only', 's3://bench/big/rows.csv', endpoint]).done;
          const result = JSON.parse(/RESULT (.*)/.exec(output)![1]!) as ReadResult;
          runs.get(label)!.push(result);
          const timeline = output.split('\n').filter((line) => line.startsWith('  t=') || line.startsWith('  largest')).join('\n');
          console.log(`  read ${rep + 1} ${label}: ${result.records.toLocaleString('en-US')} records, ${result.seconds.toFixed(1)} s (index ${result.indexSeconds.toFixed(1)} s), CPU ${result.cpuSeconds.toFixed(1)} s, peak RSS ${mib(result.maxRssBytes)} MiB (most arrayBuffers ${mib(result.maxArrayBuffers)}, most heapTotal ${mib(result.maxHeapTotal)}); at the peak sample: ${describeSample(result.peak)}${timeline ? `\n${timeline}` : ''}`);
        }
      }
      const gib = written / 1024 ** 3;
      if (rssReps > 0) console.log(`\n${gib.toFixed(2)} GiB CSV object in the sandbox S3, read through the source layer (${[...runs.values()][0]![0]?.spreadMode} spreading)`);
      if (rssReps > 0) console.log('| build | peak RSS, MiB (median; runs) | MiB/s (median; runs) | CPU s (median) | heap used / arrayBuffers at the peak sample, MiB |\n| --- | ---: | ---: | ---: | ---: |');
      for (const [label, results] of rssReps > 0 ? runs : []) {
        const rss = results.map((r) => r.maxRssBytes / 1024 ** 2);
        const rate = results.map((r) => (written / 1024 ** 2) / r.seconds);
        const peak = results.find((r) => r.maxRssBytes / 1024 ** 2 === median(rss)) ?? results[0]!;
        console.log(`| ${label} | ${median(rss).toFixed(0)}; ${rss.map((v) => v.toFixed(0)).join(' / ')} | ${median(rate).toFixed(1)}; ${rate.map((v) => v.toFixed(1)).join(' / ')} | ${median(results.map((r) => r.cpuSeconds)).toFixed(1)} | ${mib(peak.peak.heapUsed)} / ${mib(peak.peak.arrayBuffers)} |`);
      }
      if (rssLoadReps > 0) {
        const compare = textFlag('rss-load-compare');
        await loadRss({ sandboxUrl: endpoint, dir, reps: rssLoadReps, seconds: flag('rss-load-seconds', 0), compareArgs: compare ? compare.split(' ').filter(Boolean) : null, writeDelayMs: flag('write-delay-ms', 0) });
      }
    }
    s3.destroy();
  } finally {
    sandbox?.kill();
    await sandbox?.done.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
