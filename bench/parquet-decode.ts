/**
 * Benchmark: Parquet decoding on one core, by library and codec, and Capstan's Parquet
 * source (decode + exact type mapping to attribute values, then the record mapper) on
 * the same files in the same run. Target: Capstan >= 200,000 records/s for a 5-column
 * file; the libraries' own decode rates are the baseline.
 *
 * Run: `node bench/run.mjs parquet-decode [--rows 1000000] [--runs 3] [--group-rows 131072]
 *   [--codecs snappy,gzip,zstd] [--cases capstan,capstan-spread+mapper] [--heap-mb 384]`
 * (a larger --rows with the capstan cases shows peak RSS does not grow with the file).
 *
 * The file: id INT64, name STRING, amount DECIMAL(12,2), created TIMESTAMP(MICROS, UTC),
 * active BOOLEAN, written by Apache Arrow's Rust writer (parquet-wasm) into the OS temp
 * directory and removed after. Every case runs in a child process of its own (so its
 * peak RSS is its own), reading row group by row group, `runs` times; rates are records
 * per CPU-second of that process (the rate of one core, unaffected by other load on a
 * shared machine; the decode is single-threaded); medians.
 *
 * Cases: hyparquet-rows (hyparquet's rows as objects: the baseline), hyparquet-columns
 * (its columns only), parquet-wasm (Rust decoder in WASM, Arrow IPC to JS columns, then
 * rows), parquetjs (@dsnp/parquetjs, row cursor; only when installed with
 * `npm install --no-save --no-package-lock --prefix bench/optional @dsnp/parquetjs`, as it
 * pulls a second AWS SDK), capstan (openRecordSource: entries with attribute values),
 * capstan+mapper (and compileMapping's items with a key template), capstan-spread+mapper
 * (the same with spreading on, a load's default: row groups interleaved, runs of rows
 * shuffled).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parquetMetadata, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { compileMapping } from '../electron/engine/mapping/record-mapper';
import { openRecordSource } from '../electron/engine/source/open-record-source';
import { mappingSchema } from '../shared/job-spec';
import { arrow, decimalVector, int64Vector, parquetBytesOf, tableOf, timestampVector, vectorOf, type FixtureCodec } from '../test/unit/parquet/parquet-fixture';

const CASES = ['hyparquet-rows', 'hyparquet-columns', 'parquet-wasm', 'parquetjs', 'capstan', 'capstan+mapper', 'capstan-spread+mapper'] as const;
type CaseName = (typeof CASES)[number];
const TARGET_RECORDS_PER_SECOND = 200_000;
/** Runs of fewer rows are too short to judge against the target. */
const MIN_JUDGED_ROWS = 200_000;

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The bench file: 5 columns, deterministic values. */
function benchTable(rows: number): arrow.Table {
  const ids = new Array<bigint>(rows);
  const names = new Array<string>(rows);
  const amounts = new Array<bigint>(rows);
  const created = new Array<bigint>(rows);
  const active = new Array<boolean>(rows);
  for (let i = 0; i < rows; i++) {
    ids[i] = 1_000_000_000_000n + BigInt((i * 7919) % 1_000_003) * 1_000_000n + BigInt(i);
    names[i] = `customer ${i % 100_003} ${['north', 'south', 'east', 'west'][i % 4]}`;
    amounts[i] = BigInt((i * 37) % 10_000_000) - 5_000_000n;
    created[i] = 1_700_000_000_000_000n + BigInt(i) * 1_234_567n;
    active[i] = i % 3 !== 0;
  }
  return tableOf({
    id: int64Vector(ids),
    name: vectorOf(new arrow.Utf8(), names),
    amount: decimalVector(amounts, 12, 2),
    created: timestampVector(created, 'us', 'UTC'),
    active: vectorOf(new arrow.Bool(), active),
  });
}

function arrayBufferOf(path: string): ArrayBuffer {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function hyparquetRun(path: string, rows: boolean): Promise<number> {
  const file = arrayBufferOf(path);
  const metadata = parquetMetadata(file);
  let count = 0;
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    if (rows) {
      await parquetRead({ file, metadata, rowStart: start, rowEnd: end, compressors, rowFormat: 'object', onComplete: (objects) => { count += objects.length; } });
    } else {
      let longest = 0;
      await parquetRead({ file, metadata, rowStart: start, rowEnd: end, compressors, onChunk: (chunk) => { longest = Math.max(longest, chunk.rowEnd - chunk.rowStart); } });
      count += end - start;
    }
    start = end;
  }
  return count;
}

async function parquetWasmRun(path: string): Promise<number> {
  const wasm = await import('parquet-wasm');
  const bytes = new Uint8Array(readFileSync(path));
  const groups = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).row_groups.length;
  let count = 0;
  for (let g = 0; g < groups; g++) {
    const table = arrow.tableFromIPC(wasm.readParquet(bytes, { rowGroups: [g] }).intoIPCStream());
    const names = table.schema.fields.map((f) => f.name);
    const columns = names.map((name) => table.getChild(name)!.toArray() as ArrayLike<unknown>);
    for (let r = 0; r < table.numRows; r++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![r];
      if (row) count++;
    }
  }
  return count;
}

interface CursorReader { getCursor(): { next(): Promise<unknown> }; close(): Promise<void> }

async function parquetjsRun(path: string): Promise<number | null> {
  let module: { ParquetReader: { openFile(path: string): Promise<CursorReader> } };
  try {
    module = createRequire(resolve('bench/optional/node_modules/x.js'))('@dsnp/parquetjs') as typeof module;
  } catch {
    return null;
  }
  const reader = await module.ParquetReader.openFile(path);
  const cursor = reader.getCursor();
  let count = 0;
  while (await cursor.next()) count++;
  await reader.close();
  return count;
}

async function capstanRun(path: string, mode: 'source' | 'mapper' | 'spread'): Promise<number> {
  const source = await openRecordSource({ path, format: 'parquet', spread: mode === 'spread' }, { seed: 1 });
  const mapper = compileMapping(mappingSchema.parse({ templates: [{ attribute: 'pk', template: 'CUSTOMER#{id}' }] }), [{ name: 'pk', type: 'S', role: 'HASH' }]);
  let count = 0;
  let bad = 0;
  for await (const batch of source.batches()) {
    for (const entry of batch) {
      if (entry.kind !== 'record') { bad++; continue; }
      if (mode !== 'source' && !mapper.map(entry.fields, true).ok) bad++;
      count++;
    }
  }
  await source.close();
  if (bad > 0) throw new Error(`${bad} records failed to map`);
  return count;
}

async function runCase(name: CaseName, path: string): Promise<number | null> {
  switch (name) {
    case 'hyparquet-rows': return hyparquetRun(path, true);
    case 'hyparquet-columns': return hyparquetRun(path, false);
    case 'parquet-wasm': return parquetWasmRun(path);
    case 'parquetjs': return parquetjsRun(path);
    case 'capstan': return capstanRun(path, 'source');
    case 'capstan+mapper': return capstanRun(path, 'mapper');
    case 'capstan-spread+mapper': return capstanRun(path, 'spread');
  }
}

/**
 * This process's peak RSS. Linux's VmHWM belongs to the address space, which exec
 * replaces; getrusage's maxrss survives exec, so a child would report its parent's peak
 * (the bench's parent holds the whole table while writing the files).
 */
function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Child: times one case `runs` times and prints its rates and peak RSS as JSON. */
async function child(name: CaseName, path: string, runs: number, rows: number): Promise<void> {
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    // CPU time of this process, not wall time: the rate one core gives, however loaded the machine is.
    const started = process.cpuUsage();
    const count = await runCase(name, path);
    const used = process.cpuUsage(started);
    const seconds = (used.user + used.system) / 1e6;
    if (count === null) {
      console.log(JSON.stringify({ skipped: true }));
      return;
    }
    if (count !== rows) throw new Error(`${name} read ${count} rows of ${rows}`);
    rates.push(count / seconds);
  }
  console.log(JSON.stringify({ rates, maxRssMb: peakRssMb() }));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--write') {
    writeFileSync(process.argv[3]!, parquetBytesOf(benchTable(Number(process.argv[4])), { codec: process.argv[5] as FixtureCodec, rowGroupRows: 131_072 }));
    return;
  }
  if (process.argv[2] === '--child') {
    await child(process.argv[3] as CaseName, process.argv[4]!, Number(process.argv[5]), Number(process.argv[6]));
    return;
  }
  const rows = Number(flag('rows', '1000000'));
  const runs = Number(flag('runs', '3'));
  const groupRows = Number(flag('group-rows', '131072'));
  const heapMb = Number(flag('heap-mb', '384'));
  const cases = flag('cases', CASES.join(',')).split(',').map((c) => c.trim()).filter((c): c is CaseName => (CASES as readonly string[]).includes(c));
  const codecs = flag('codecs', 'snappy,gzip,zstd').split(',').map((c) => c.trim().toUpperCase() as FixtureCodec);
  const dir = mkdtempSync(join(tmpdir(), 'capstan-parquet-bench-'));
  try {
    console.log(`Parquet decode bench: ${fmt(rows)} rows x 5 columns, row groups of ${fmt(groupRows)} rows, ${runs} run(s) per case, one process (one core) per case`);
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; node ${process.version}; each case's heap limited as a load job's worker is (old generation ${heapMb} MB)`);
    const table = benchTable(rows);
    const files = codecs.map((codec) => {
      const path = join(dir, `bench-${codec.toLowerCase()}.parquet`);
      writeFileSync(path, parquetBytesOf(table, { codec, rowGroupRows: groupRows }));
      return { codec, path, mb: statSync(path).size / 1e6 };
    });
    console.log(files.map((f) => `${f.codec}: ${fmt(f.mb, 1)} MB`).join(', '));
    console.log('');
    console.log('| codec | case | runs (records/s) | median records/s | vs hyparquet-rows | peak RSS MB |');
    console.log('|---|---|---|---:|---:|---:|');
    const summary: { codec: string; capstan: number; baseline: number }[] = [];
    for (const file of files) {
      let baseline = 0;
      for (const name of cases) {
        const heapFlags = [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=6'];
        const result = spawnSync(process.execPath, [...heapFlags, process.argv[1]!, '--child', name, file.path, String(runs), String(rows)], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (result.status !== 0) {
          const why = (result.stderr || result.stdout).split('\n').find((line) => /^\w*Error/.test(line)) ?? `exit ${result.status}`;
          console.log(`| ${file.codec} | ${name} | fails: ${why.slice(0, 120)} | | | |`);
          continue;
        }
        const out = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { skipped?: boolean; rates: number[]; maxRssMb: number };
        if (out.skipped) {
          console.log(`| ${file.codec} | ${name} | not installed | | | |`);
          continue;
        }
        const m = median(out.rates);
        if (name === 'hyparquet-rows') baseline = m;
        if (name === 'capstan+mapper' || name === 'capstan-spread+mapper') summary.push({ codec: `${file.codec} ${name}`, capstan: m, baseline });
        console.log(`| ${file.codec} | ${name} | ${out.rates.map((r) => fmt(r)).join(', ')} | ${fmt(m)} | ${baseline ? `${fmt(m / baseline, 2)}x` : '-'} | ${fmt(out.maxRssMb)} |`);
      }
    }
    console.log('');
    // Below this many rows a run is mostly start-up (module load, JIT warm-up), so its rate says nothing about the target.
    const judged = rows >= MIN_JUDGED_ROWS;
    for (const s of summary) {
      const verdict = judged ? (s.capstan >= TARGET_RECORDS_PER_SECOND ? 'met' : 'NOT met') : `not judged: ${fmt(rows)} rows is mostly start-up; use --rows ${fmt(MIN_JUDGED_ROWS)} or more`;
      console.log(`${s.codec}: decode + mapping ${fmt(s.capstan)} records/s (${s.baseline ? `${fmt(s.capstan / s.baseline, 2)}x` : 'no baseline run for'} hyparquet's own rows); target ${fmt(TARGET_RECORDS_PER_SECOND)}: ${verdict}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
