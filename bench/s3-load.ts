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
 * (`--reps 0 --rows 10000` measures only the RSS; `--rss-gb 0` only the loads.)
 *
 * The sandbox runs in its own process with `--data` (objects on disk), the load CLI in
 * another, all on the same cores.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeCustomerSample } from '../electron/engine/sample/customer-sample';
import { createS3Client } from '../electron/engine/s3/s3-client';
import { createS3UploadStream } from '../electron/engine/s3/s3-upload-stream';
import { openRecordSource } from '../electron/engine/source/open-record-source';
import { createTable } from '../electron/engine/tables/table-catalog';
import { createDynamoClient, type ClientTarget } from '../electron/engine/dynamo/client-target';

const CLI = resolve('out/main/cli.js');

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs a child to its end, resolving with its output; `onLine` sees lines as they come. */
function runChild(args: string[], onLine?: (line: string) => void): { done: Promise<string>; kill(): void } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  let output = '';
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line) onLine?.(line);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const done = new Promise<string>((resolveDone, reject) => child.once('exit', (code) => (code === 0 ? resolveDone(output) : reject(new Error(`${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`)))));
  return { done, kill: () => child.kill('SIGTERM') };
}

/** Reads every record of an S3 source, as a load would, and prints the peak RSS (child mode). */
async function readOnly(url: string, endpoint: string): Promise<void> {
  const target: ClientTarget = { region: 'us-east-1', endpoint, auth: { kind: 'local' } };
  const source = await openRecordSource({ path: url, format: 'csv' }, { target });
  let records = 0;
  for await (const batch of source.batches()) records += batch.length;
  await source.close();
  console.log(`RESULT ${JSON.stringify({ records, maxRssBytes: process.resourceUsage().maxRSS * 1024, spreadMode: source.spreadMode() })}`);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--read-only') return readOnly(process.argv[3]!, process.argv[4]!);
  const rows = flag('rows', 1_000_000);
  const objects = flag('objects', 20);
  const reps = flag('reps', 2);
  const rssGb = flag('rss-gb', 2);
  const dir = await mkdtemp(join(tmpdir(), 'capstan-bench-s3-'));
  let sandbox: ReturnType<typeof runChild> | undefined;
  const sandboxReady = new Promise<string>((resolveUrl) => {
    sandbox = runChild([CLI, 'sandbox', '--port', '0', '--data', join(dir, 'sandbox')], (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match) resolveUrl(match[1]!);
    });
  });
  try {
    const endpoint = await sandboxReady;
    const target: ClientTarget = { region: 'us-east-1', endpoint, auth: { kind: 'local' } };
    const s3 = createS3Client(target);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
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
      const upload = createS3UploadStream(s3, 's3://bench/big/one.csv', { partBytes: 64 * 1024 * 1024 });
      const row = lines[0]!;
      const block = Buffer.from(`${Array.from({ length: 10_000 }, (_, i) => row.replace(/^\d+/, String(i))).join('\n')}\n`);
      let written = 0;
      await new Promise<void>((ok, fail) => upload.write(`${header}\n`, (error) => (error ? fail(error) : ok())));
      while (written < totalBytes) {
        written += block.length;
        if (!upload.write(block)) await new Promise<void>((ok) => upload.once('drain', () => ok()));
      }
      await new Promise<void>((ok, fail) => upload.end((error?: Error | null) => (error ? fail(error) : ok())));
      const started = Date.now();
      const output = await runChild([process.argv[1]!, '--read-only', 's3://bench/big/one.csv', endpoint]).done;
      const result = JSON.parse(/RESULT (.*)/.exec(output)![1]!) as { records: number; maxRssBytes: number; spreadMode: string };
      console.log(`\n| object | records read | read mode | seconds | peak RSS |\n| --- | ---: | --- | ---: | ---: |`);
      console.log(`| ${(written / 1024 ** 3).toFixed(2)} GiB CSV in the sandbox S3 | ${result.records.toLocaleString('en-US')} | ${result.spreadMode} | ${((Date.now() - started) / 1000).toFixed(1)} | ${(result.maxRssBytes / 1024 ** 2).toFixed(0)} MiB |`);
    }
    s3.destroy();
  } finally {
    sandbox?.kill();
    await sandbox?.done.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
