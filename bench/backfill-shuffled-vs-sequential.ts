// Backfill write rate: shuffled parallel scan vs a plain sequential scan driving the same writes.
//
// Run (tsx is not installed; the worker entry comes from the app build):
//   npx electron-vite build
//   npx vite build --ssr bench/backfill-shuffled-vs-sequential.ts --outDir out/bench && node out/bench/backfill-shuffled-vs-sequential.js [--items 20000] [--runs 3] [--wcu 2000] [--item-bytes 2900]
//
// One sandbox table, provisioned so it has several partitions (ceil(RCU/3000 + WCU/1000))
// and a table capacity below their sum. Each run is a `derive` backfill that rewrites every
// item (the template carries the run number), at an operator rate equal to the table's
// capacity. The shuffled run reads many small pages from random segments; the sequential
// run is one segment read in order, as a plain Scan returns items: grouped by partition,
// so its writes make a rolling hot partition. The rate is the median of the per-second
// consumed WCU over the steady middle of each run; the table prints medians and the ratio
// against the target min(partitions x 1,000, table capacity).
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../electron/engine/engine';
import { startSandbox } from '../electron/sandbox/server';
import { jobSpecSchema } from '../shared/job-spec';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 20_000);
const RUNS = arg('runs', 3);
const WCU = arg('wcu', 2_000);
// Items of ~3 KB cost 3 WCU a write: the partition limits show at a request rate two shared cores can drive.
const ITEM_BYTES = arg('item-bytes', 2_900);
const RCU = 6_000;
const WORKERS = {
  'load-job-worker': resolve('out/main/load-job-worker.js'),
  'load-worker': resolve('out/main/load-worker.js'),
  'backfill-worker': resolve('out/main/backfill-worker.js'),
};

const sandbox = await startSandbox({ tableStatusDelayMs: 0 });
const dir = await mkdtemp(join(tmpdir(), 'capstan-bench-backfill-'));
const engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKERS, sandbox: false });
const client = new DynamoDBClient({ endpoint: sandbox.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

await client.send(new CreateTableCommand({
  TableName: 'bench', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: RCU, WriteCapacityUnits: WCU },
}));
let next = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (next < ITEMS) {
    const start = next;
    next = Math.min(ITEMS, next + 25);
    let requests = Array.from({ length: next - start }, (_, j) => ({ PutRequest: { Item: { pk: { S: `user-${start + j}` }, city: { S: `city-${(start + j) % 97}` }, pad: { S: 'x'.repeat(ITEM_BYTES) } } as Record<string, AttributeValue> } }));
    while (requests.length) {
      const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { bench: requests } })).catch(() => ({ UnprocessedItems: { bench: requests } }));
      requests = (answer.UnprocessedItems?.bench ?? []) as typeof requests;
    }
  }
}));
const partitions = sandbox.admin.table('bench')!.table.partitions.length;
const target = Math.min(partitions * 1000, WCU);
console.log(`table: ${ITEMS.toLocaleString('en-US')} items of ~${ITEM_BYTES.toLocaleString('en-US')} bytes, ${partitions} partitions, ${WCU.toLocaleString('en-US')} WCU provisioned; target min(${partitions} x 1,000, ${WCU}) = ${target.toLocaleString('en-US')} WCU/s`);

let run = 0;
async function backfill(shuffle: boolean): Promise<{ wcuPerSecond: number; seconds: number; throttles: number }> {
  run++;
  const spec = jobSpecSchema.parse({
    kind: 'backfill',
    connection: { kind: 'endpoint', endpoint: sandbox.url, region: 'us-east-1' },
    table: 'bench',
    operation: { kind: 'derive', attribute: 'g', template: `r${run}#{city}` },
    scan: shuffle ? { segments: 512, workers: 2 } : { segments: 1, workers: 1, shuffle: false, writesInFlightPerWorker: 64 },
    rate: { mode: 'fixed', wcuPerSecond: WCU, rcuPerSecond: RCU },
  });
  const job = await engine.jobs.start(spec);
  const report = await engine.jobs.waitForEnd(job.id);
  if (!report || report.job.state !== 'completed' || report.reconciliation.written !== ITEMS) {
    throw new Error(`run ${run} did not change every item: ${report?.reconciliation.statement} ${report?.error?.message ?? ''}`);
  }
  const steady = report.series.slice(2, -2).map((t) => t.consumedWcu);
  return { wcuPerSecond: median(steady.length ? steady : report.series.map((t) => t.consumedWcu)), seconds: report.times.durationSeconds ?? 0, throttles: report.throttles.total };
}

const results: { shuffled: number[]; sequential: number[]; shuffledThrottles: number[]; sequentialThrottles: number[] } = { shuffled: [], sequential: [], shuffledThrottles: [], sequentialThrottles: [] };
for (let i = 0; i < RUNS; i++) {
  for (const shuffle of i % 2 === 0 ? [true, false] : [false, true]) {
    const r = await backfill(shuffle);
    (shuffle ? results.shuffled : results.sequential).push(r.wcuPerSecond);
    (shuffle ? results.shuffledThrottles : results.sequentialThrottles).push(r.throttles);
    console.log(`run ${run}: ${shuffle ? 'shuffled  ' : 'sequential'} ${Math.round(r.wcuPerSecond).toLocaleString('en-US')} WCU/s (steady median), ${r.seconds.toFixed(1)} s, ${r.throttles} throttles`);
  }
}

const shuffled = median(results.shuffled);
const sequential = median(results.sequential);
const row = (name: string, rate: number, throttles: number[]) =>
  `| ${name.padEnd(10)} | ${Math.round(rate).toLocaleString('en-US').padStart(8)} | ${(rate / target).toFixed(2).padStart(9)} | ${String(median(throttles)).padStart(9)} |`;
console.log(`\n| scan       | WCU/s    | of target | throttles |\n|------------|----------|-----------|-----------|`);
console.log(row('shuffled', shuffled, results.shuffledThrottles));
console.log(row('sequential', sequential, results.sequentialThrottles));
console.log(`\nshuffled / sequential = ${(shuffled / sequential).toFixed(2)}; shuffled reaches ${((100 * shuffled) / target).toFixed(0)}% of the target (${shuffled >= 0.8 * target ? 'meets' : 'MISSES'} the 80% bar); medians of ${RUNS} runs each`);

await engine.close();
client.destroy();
await sandbox.close();
await rm(dir, { recursive: true, force: true });

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
