/**
 * Benchmark: CSV and JSON lines -> records -> mapped items -> batches, on one core, no
 * network, against csv-parse alone (the baseline) and a plain `JSON.parse` per line in
 * the same run. The engine's end-to-end target is 50,000 items/s, so this part must be
 * far faster than that. The JSON lines input has a 20-digit id on every 20th line (the
 * exact-number path); the others take the native parser.
 *
 * Run (tsx is not installed; vite, installed, bundles it for Node):
 *   npx vite build --ssr bench/source-parse.ts --outDir out/bench --emptyOutDir &&
 *     node out/bench/source-parse.js [rows=1000000] [runs=3]
 * (`npx jiti bench/source-parse.ts` also works, but its module interop adds a getter to
 * every cross-module call and understates the engine by a third.)
 * Prints a table of medians. Writes its synthetic input to the OS temp directory and
 * removes it after.
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { BatchBuilder } from '../electron/engine/batching/batch-builder';
import { compileMapping } from '../electron/engine/mapping/record-mapper';
import { openRecordSource } from '../electron/engine/source/open-record-source';
import { mappingSchema } from '../shared/job-spec';

const rows = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);

function syntheticCsv(path: string): void {
  const parts: string[] = ['customer_id,order_id,amount,country,created,note\n'];
  for (let i = 0; i < rows; i++) {
    const note = i % 50 === 0 ? `"has, comma and ""quotes"""` : `note ${i % 977}`;
    parts.push(`${i},${(i * 7919) % 1_000_003},${(i % 10_000) / 100},${['DE', 'US', 'JP', 'BR'][i % 4]},2024-0${(i % 9) + 1}-15T10:00:00Z,${note}\n`);
  }
  writeFileSync(path, parts.join(''));
}

function syntheticJsonl(path: string): void {
  const parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    const wide = i % 20 === 0 ? `,"ref":1234567890123456789${i % 10}` : '';
    parts.push(`{"customer_id":${i},"order_id":${(i * 7919) % 1_000_003},"amount":${(i % 10_000) / 100},"country":"${['DE', 'US', 'JP', 'BR'][i % 4]}","created":"2024-0${(i % 9) + 1}-15T10:00:00Z","note":"note ${i % 977}"${wide}}\n`);
  }
  writeFileSync(path, parts.join(''));
}

async function jsonParseBaseline(path: string): Promise<number> {
  let count = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024, encoding: 'utf8' })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line && JSON.parse(line)) count++;
  }
  if (rest && JSON.parse(rest)) count++;
  return count;
}

async function csvParseBaseline(path: string): Promise<number> {
  let count = 0;
  const parser = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(parse({ columns: true }));
  for await (const record of parser) if (record) count++;
  return count;
}

async function sourceOnly(path: string, spread: boolean): Promise<number> {
  const source = await openRecordSource({ path, spread, format: path.endsWith('.jsonl') ? 'jsonl' : 'csv' }, { seed: 1 });
  let count = 0;
  for await (const batch of source.batches()) count += batch.length;
  return count;
}

async function sourceMapBatch(path: string, spread: boolean): Promise<number> {
  const source = await openRecordSource({ path, spread, format: path.endsWith('.jsonl') ? 'jsonl' : 'csv' }, { seed: 1 });
  const mapper = compileMapping(
    mappingSchema.parse({
      templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }, { attribute: 'sk', template: 'ORDER#{order_id}' }],
      computed: [{ kind: 'ttl', attribute: 'expires', fromColumn: 'created', addDays: 90 }],
    }),
    [{ name: 'pk', type: 'S', role: 'HASH' }, { name: 'sk', type: 'S', role: 'RANGE' }],
    { sample: [{ customer_id: '1', order_id: '2', amount: '0.5', country: 'DE', created: 'x', note: 'n' }] },
  );
  const builder = new BatchBuilder();
  let items = 0;
  for await (const batch of source.batches()) {
    for (const entry of batch) {
      if (entry.kind !== 'record') continue;
      const mapped = mapper.map(entry.fields);
      if (!mapped.ok) continue;
      const added = builder.add({ ordinal: entry.ordinal, item: mapped.item, key: mapped.key, sizeBytes: mapped.sizeBytes, file: entry.file, line: entry.line, offset: entry.offset, raw: entry.raw });
      for (const b of added.batches) items += b.entries.length;
    }
  }
  for (const b of builder.flush()) items += b.entries.length;
  return items;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  const path = join(dir, 'orders.csv');
  const jsonl = join(dir, 'orders.jsonl');
  try {
    syntheticCsv(path);
    syntheticJsonl(jsonl);
    const sizeMb = statSync(path).size / 1e6;
    console.log(`input: ${rows.toLocaleString('en-US')} rows, ${sizeMb.toFixed(1)} MB; ${runs} runs each; node ${process.version}`);
    const cases: [string, () => Promise<number>][] = [
      ['csv-parse (columns: true), baseline', () => csvParseBaseline(path)],
      ['source: parse only, input order', () => sourceOnly(path, false)],
      ['source + map + batch, input order', () => sourceMapBatch(path, false)],
      ['source + map + batch, spread (far-apart)', () => sourceMapBatch(path, true)],
      ['JSON.parse per line (JSON lines baseline)', () => jsonParseBaseline(jsonl)],
      ['JSON lines: source, parse only, input order', () => sourceOnly(jsonl, false)],
      ['JSON lines: source + map + batch, input order', () => sourceMapBatch(jsonl, false)],
    ];
    const results: { name: string; perSecond: number }[] = [];
    for (const [name, run] of cases) {
      const rates: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        const count = await run();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (count !== rows) throw new Error(`${name}: ${count} records, expected ${rows}`);
        rates.push(count / seconds);
      }
      results.push({ name, perSecond: median(rates) });
    }
    const baseline = results[0]!.perSecond;
    console.log('| case | records/s (median) | vs csv-parse |');
    console.log('| --- | ---: | ---: |');
    for (const r of results) console.log(`| ${r.name} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${(r.perSecond / baseline).toFixed(2)}x |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
