/**
 * Sandbox throughput benchmark (issue 3): BatchWriteItem of 200-byte items with random
 * keys, into (a) dynalite alone and (b) the sandbox with its capacity model on, measured
 * in the same run. The table is provisioned far above the offered load (50,000 WCU, 50
 * partitions) so every request passes the full model (partition lookup, admission,
 * settle, metrics) without being throttled.
 *
 * Run (from the repository root):
 *
 *   node bench/sandbox-bench.mjs [--seconds 8] [--reps 3] [--in-flight 16]
 *
 * which bundles this file with vite into node_modules/.cache/capstan-sandbox-bench/ and
 * runs it with node. Each run forks a fresh server process (dynalite or sandbox) and
 * drives it from this process with a lean HTTP client (pre-built JSON bodies, keep-alive
 * agent) so the client costs little next to the server. Runs alternate between the two
 * servers so drifting noise on the shared machine hits both; medians are reported.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../electron/sandbox/server';

type Mode = 'dynalite' | 'sandbox';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function serve(mode: Mode): Promise<void> {
  let url: string;
  if (mode === 'dynalite') {
    const { default: dynalite } = await import('dynalite');
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  } else {
    const sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    url = sandbox.url;
  }
  process.send?.({ url });
}

const HEADERS = {
  'Content-Type': 'application/x-amz-json-1.0',
  'X-Amz-Date': '20250106T000000Z',
  Authorization: 'AWS4-HMAC-SHA256 Credential=sandbox/20250106/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
};

function post(agent: Agent, url: URL, target: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { ...HEADERS, 'X-Amz-Target': `DynamoDB_20120810.${target}`, 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const PAYLOAD = 'x'.repeat(170);

async function drive(mode: Mode, seconds: number, inFlight: number): Promise<number> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', mode], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = new URL(await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url))));
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const table = 'bench';
  const created = await post(
    agent,
    url,
    'CreateTable',
    JSON.stringify({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 50_000 },
    }),
  );
  if (created.status !== 200) throw new Error(`CreateTable failed: ${created.text}`);
  // Wait for ACTIVE as a client of the service must (the sandbox here keeps no CREATING phase).
  for (let i = 0; (await post(agent, url, 'DescribeTable', JSON.stringify({ TableName: table }))).text.includes('"TableStatus":"CREATING"'); i++) {
    if (i > 200) throw new Error('the bench table never became ACTIVE');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let counter = 0;
  let written = 0;
  let countFrom = Number.POSITIVE_INFINITY;
  const warmupMs = 1500;
  const start = Date.now();
  const end = start + warmupMs + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const items: string[] = [];
      for (let i = 0; i < 25; i++) {
        const key = `${(Math.random() * 1e9) | 0}-${counter++}`;
        items.push(`{"PutRequest":{"Item":{"pk":{"S":"${key}"},"v":{"S":"${PAYLOAD}"}}}}`);
      }
      const res = await post(agent, url, 'BatchWriteItem', `{"RequestItems":{"${table}":[${items.join(',')}]}}`);
      if (res.status !== 200) throw new Error(`BatchWriteItem ${res.status}: ${res.text.slice(0, 300)}`);
      const unprocessed = res.text === '{"UnprocessedItems":{}}' ? 0 : ((JSON.parse(res.text) as { UnprocessedItems: Record<string, unknown[]> }).UnprocessedItems[table]?.length ?? 0);
      const now = Date.now();
      if (now >= start + warmupMs) {
        if (countFrom === Number.POSITIVE_INFINITY) countFrom = now;
        written += 25 - unprocessed;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsedS = (Date.now() - countFrom) / 1000;
  agent.destroy();
  child.kill();
  return written / elapsedS;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const serveAt = process.argv.indexOf('--serve');
  if (serveAt >= 0) {
    await serve(process.argv[serveAt + 1] as Mode);
    return;
  }
  const seconds = arg('seconds', 8);
  const reps = arg('reps', 3);
  const inFlight = arg('in-flight', 16);
  const results: Record<Mode, number[]> = { dynalite: [], sandbox: [] };
  for (let r = 0; r < reps; r++) {
    for (const mode of ['dynalite', 'sandbox'] as const) {
      const rate = await drive(mode, seconds, inFlight);
      results[mode].push(rate);
      console.log(`run ${r + 1}/${reps} ${mode.padEnd(8)} ${Math.round(rate).toLocaleString('en-US')} items/s`);
    }
  }
  const base = median(results.dynalite);
  console.log('\n| server | median items/s | runs | vs dynalite |');
  console.log('| --- | ---: | --- | ---: |');
  for (const mode of ['dynalite', 'sandbox'] as const) {
    const m = median(results[mode]);
    console.log(`| ${mode === 'dynalite' ? 'dynalite alone (baseline)' : 'sandbox, capacity model on'} | ${Math.round(m).toLocaleString('en-US')} | ${results[mode].map((v) => Math.round(v)).join(', ')} | ${(m / base).toFixed(2)}x |`);
  }
  console.log(`\n200-byte items, BatchWriteItem x25, ${inFlight} in flight, ${seconds} s per run after 1.5 s warm-up, ${reps} runs each, Node ${process.version}.`);
}

await main();
