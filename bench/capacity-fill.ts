// Fill-mode scenario (issue 6, "Done when"): a provisioned 1,000 WCU table, auto scaling
// off, organic writes following a sine between 300 and 700 WCU/s, and a writer in fill
// mode at 95%. Over 5 minutes the table's total should average >= 90% of provisioned
// while organic traffic is throttled on <= 0.1% of its requests.
//
// Run (tsx is not installed; vite bundles it, dependencies stay external):
//   npx vite build --ssr bench/capacity-fill.ts --outDir bench/out/capacity --emptyOutDir
//   node bench/out/capacity/capacity-fill.js [--period-min 10] [--warmup-min 5] [--seconds 300] [--share 0.95]
// Output: a summary on stdout, bench/out/capacity/capacity-fill-<period>min-warmup<w>.json and
// bench/out/capacity/capacity-fill-<period>min-warmup<w>.svg (provisioned, total, organic, job per second).
//
// Time is compressed: the sandbox runs on a manual clock with CloudWatch's default 60 s
// publication delay, and the controlled writer (test/integration/capacity/controlled-writer.ts)
// asks the RateController each simulated second, applies it through a real Governor and
// writes with the SDK over HTTP on 127.0.0.1. Organic traffic runs in the sandbox's 100 ms
// steps against the same buckets, so any overshoot by the job shows up as organic throttles.
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CloudWatchPoller } from '../electron/engine/capacity/cloudwatch-poller';
import { RateController } from '../electron/engine/capacity/rate-controller';
import { createDynamoClient, type ClientTarget } from '../electron/engine/dynamo/client-target';
import { createManualClock } from '../electron/sandbox/clock';
import { startSandbox } from '../electron/sandbox/server';
import { rateModeSchema } from '../shared/rate-modes';
import { renderSeriesSvg } from '../shared/report/series-svg';
import { runControlledWriter } from '../test/integration/capacity/controlled-writer';

const MINUTE = 60_000;
const PROVISIONED_WCU = 1000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const periodMin = option('period-min', 10);
const warmupMin = option('warmup-min', 5);
const runSeconds = option('seconds', 300);
const share = option('share', 0.95);
const outDir = resolve('bench/out/capacity');

const clock = createManualClock();
const sandbox = await startSandbox({ tableStatusDelayMs: 0, clock });
const target: ClientTarget = { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } };
const dynamo = createDynamoClient(target, { maxSockets: 16 });
await dynamo.send(
  new CreateTableCommand({
    TableName: 'fill',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: PROVISIONED_WCU },
  }),
);
// 1 KB organic items: one request is one WCU, so units and requests are the same count.
sandbox.admin.setOrganic('fill', { writeUnitsPerSecond: 500, pattern: { kind: 'sine', periodMs: periodMin * MINUTE, amplitude: 0.4 }, itemSizeBytes: 1024 });
// The application ran before the job: CloudWatch has history and the table has banked burst.
sandbox.admin.advance(warmupMin * MINUTE);

const poller = new CloudWatchPoller({ target, tableName: 'fill', now: () => clock.now() });
await poller.pollOnce();
const controller = new RateController({
  mode: rateModeSchema.parse({ mode: 'fill', share }),
  table: { billingMode: 'PROVISIONED', provisionedWcu: PROVISIONED_WCU, maxOnDemandWcu: null, recentPeakWcuPerSecond: null },
  cloudwatch: poller,
});

const organicTotals = () => sandbox.admin.organic('fill')!.totals;
const start = { ...organicTotals() };
const burstAtStart = sandbox.admin.table('fill')!.table.burstWriteUnits ?? 0;
const perSecond: { second: number; job: number; organic: number; organicThrottled: number; target: number }[] = [];
let previous = { ...start };
const wallStart = performance.now();
const seconds = await runControlledWriter({
  sandbox,
  dynamo,
  tableName: 'fill',
  controller,
  poller,
  seconds: runSeconds,
  onSecond: (s) => {
    // Called before the sandbox advances: organic of the previous simulated second is settled.
    const now = organicTotals();
    if (perSecond.length > 0) {
      const last = perSecond[perSecond.length - 1]!;
      last.organic = now.writeUnitsServed - previous.writeUnitsServed;
      last.organicThrottled = now.writeRequestsThrottled - previous.writeRequestsThrottled;
    }
    previous = { ...now };
    perSecond.push({ second: perSecond.length, job: s.consumedWcu, organic: 0, organicThrottled: 0, target: s.targetWcuPerSecond });
  },
});
const end = organicTotals();
const lastSecond = perSecond[perSecond.length - 1]!;
lastSecond.organic = end.writeUnitsServed - previous.writeUnitsServed;
lastSecond.organicThrottled = end.writeRequestsThrottled - previous.writeRequestsThrottled;
const wallSeconds = (performance.now() - wallStart) / 1000;

const jobUnits = seconds.reduce((sum, s) => sum + s.consumedWcu, 0);
const organicUnits = end.writeUnitsServed - start.writeUnitsServed;
const organicThrottled = end.writeRequestsThrottled - start.writeRequestsThrottled;
const totalAverage = (jobUnits + organicUnits) / runSeconds;
const organicRequests = organicUnits + organicThrottled;
const summary = {
  periodMinutes: periodMin,
  warmupMinutes: warmupMin,
  seconds: runSeconds,
  share,
  provisionedWcu: PROVISIONED_WCU,
  totalAverageWcuPerSecond: totalAverage,
  utilization: totalAverage / PROVISIONED_WCU,
  jobAverageWcuPerSecond: jobUnits / runSeconds,
  organicAverageWcuPerSecond: organicUnits / runSeconds,
  organicThrottledRequests: organicThrottled,
  organicThrottledShare: organicRequests > 0 ? organicThrottled / organicRequests : 0,
  jobThrottledItems: seconds.reduce((n, s) => n + s.throttledItems, 0),
  burstWriteUnitsAtStart: burstAtStart,
  burstWriteUnitsAtEnd: sandbox.admin.table('fill')!.table.burstWriteUnits ?? 0,
  peakSecondTotalWcu: Math.max(...perSecond.map((p) => p.job + p.organic)),
  wallSeconds,
  pass: totalAverage / PROVISIONED_WCU >= 0.9 && (organicRequests > 0 ? organicThrottled / organicRequests : 0) <= 0.001,
};

mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, `capacity-fill-${periodMin}min-warmup${warmupMin}.json`), `${JSON.stringify({ summary, perSecond, reasons: seconds.filter((_, i) => i % 30 === 0).map((s) => s.decision.reason) }, null, 2)}\n`);
const svg = renderSeriesSvg({
  title: `Fill mode at ${Math.round(share * 100)}%: organic sine 300-700 WCU/s over ${periodMin} min`,
  xSpanSeconds: runSeconds,
  xTitle: 'seconds since the job started',
  yTitle: 'WCU per second',
  yUnit: '',
  series: [
    { label: 'provisioned', colorIndex: 3, kind: 'step', dashed: true, points: perSecond.map((p) => ({ x: p.second, y: PROVISIONED_WCU })) },
    { label: 'total (organic + job)', colorIndex: 0, kind: 'line', area: true, points: perSecond.map((p) => ({ x: p.second, y: p.job + p.organic })) },
    { label: 'organic', colorIndex: 1, kind: 'line', points: perSecond.map((p) => ({ x: p.second, y: p.organic })) },
    { label: 'job', colorIndex: 2, kind: 'line', points: perSecond.map((p) => ({ x: p.second, y: p.job })) },
  ],
  heightPx: 320,
});
const svgPath = resolve(outDir, `capacity-fill-${periodMin}min-warmup${warmupMin}.svg`);
// The report's SVG is made to sit inside HTML; a file on its own needs the namespace and a background.
const standalone = svg
  .replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" style="background:#fff" ')
  .replace(/^(<svg[^>]*>)/, '$1<style>path:not([fill]){fill:none;stroke:#c8ccd0}.series,.area{stroke-width:1.5}</style>');
writeFileSync(svgPath, standalone);

console.log(JSON.stringify(summary, null, 2));
console.log(`chart: ${svgPath}`);
poller.stop();
dynamo.destroy();
await sandbox.close();
