import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A DynamoDB endpoint that accepts and discards writes, for measuring the client side
 * alone. It runs as its own process (forked by bench/load-throughput.ts) so its event
 * loop does not share one with the engine; it still shares the machine's cores, so it
 * does as little as it can per request: no JSON parsing of batches, the consumed
 * capacity estimated from the bytes between `"PutRequest"` markers.
 *
 * Protocol with the parent (IPC): it sends `{port}` once listening, answers `cpu` with
 * its own CPU time so far (microseconds), its BatchWriteItem calls counted by sender
 * (the SDK sends a user agent, the lean transport none), the items and units it took per
 * wall-clock second and when the last write arrived, and exits on `stop`.
 *
 * With an S3 URL as its first argument (the sandbox's), every request that is not a
 * DynamoDB call (no X-Amz-Target) is passed through to it unchanged: a job whose source is
 * in S3 then reads its objects and "writes" its items through this one endpoint, as a job
 * names one endpoint for both.
 *
 * With `--write-delay-ms=N` among its arguments, each BatchWriteItem is answered N ms after
 * it arrived, as a table in another place answers: throughput is then bound by how many
 * batches the client keeps in flight, not by its CPU alone.
 */

const PUT_MARKER = '"PutRequest"';
const ONE_KB_BYTES = 1024;

/** DescribeTable's answer for any table: key `pk` (S), on-demand, active. */
function describeTable(name: string): string {
  return JSON.stringify({
    Table: {
      TableName: name,
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      ItemCount: 0,
      TableSizeBytes: 0,
      CreationDateTime: 1_700_000_000,
    },
  });
}

/** One WCU per started KB of each item, the item taken as the text up to the next marker (a slight overestimate: JSON syntax counts too). */
function estimateWcu(body: string): { table: string; wcu: number; items: number } {
  const tableStart = body.indexOf('"RequestItems":{"') + 17;
  const table = body.slice(tableStart, body.indexOf('"', tableStart));
  let wcu = 0;
  let items = 0;
  let at = body.indexOf(PUT_MARKER);
  while (at !== -1) {
    const next = body.indexOf(PUT_MARKER, at + PUT_MARKER.length);
    const itemBytes = (next === -1 ? body.length : next) - at;
    wcu += Math.max(1, Math.ceil(itemBytes / ONE_KB_BYTES));
    items++;
    at = next;
  }
  return { table, wcu, items };
}

let sdkRequests = 0;
let leanRequests = 0;
let lastWriteMs = 0;
/** Items and units taken in each wall-clock second (epoch seconds), in the order seen. */
const perSecond = new Map<number, { items: number; wcu: number }>();

const delayFlag = process.argv.slice(2).find((a) => a.startsWith('--write-delay-ms='));
const writeDelayMs = delayFlag ? Number(delayFlag.split('=')[1]) : 0;
const upstreamArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
const s3Upstream = upstreamArg ? new URL(upstreamArg) : null;
const upstreamAgent = new Agent({ keepAlive: true });

/**
 * Passes an S3 request through to the upstream S3 endpoint, body and answer streamed. A
 * reader that lets go of an object early (a sample read, a lane that ends) closes its
 * socket; the upstream request is then ended too, or its socket would stay paused forever.
 */
function passToS3(upstream: URL, req: IncomingMessage, res: ServerResponse): void {
  // The Host header names the upstream: the sandbox refuses other host names (DNS rebinding
  // check) and does not verify signatures, so the rewritten header does not break signing.
  const headers = { ...req.headers, host: upstream.host };
  const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: upstreamAgent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  res.on('close', () => {
    if (!res.writableFinished) forward.destroy();
  });
  forward.on('error', (error) => {
    if (res.destroyed) return;
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`S3 pass-through failed: ${error.message}`);
  });
  req.pipe(forward);
}

const server = createServer((req, res) => {
  if (s3Upstream && req.headers['x-amz-target'] === undefined) {
    passToS3(s3Upstream, req, res);
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('latin1');
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    let answer: string;
    if (operation === 'BatchWriteItem') {
      if (req.headers['user-agent'] === undefined) leanRequests++;
      else sdkRequests++;
      const { table, wcu, items } = estimateWcu(body);
      lastWriteMs = Date.now();
      const second = Math.floor(lastWriteMs / 1000);
      const counts = perSecond.get(second) ?? { items: 0, wcu: 0 };
      perSecond.set(second, { items: counts.items + items, wcu: counts.wcu + wcu });
      answer = `{"UnprocessedItems":{},"ConsumedCapacity":[{"TableName":${JSON.stringify(table)},"CapacityUnits":${wcu}}]}`;
    } else if (operation === 'Scan') {
      // It keeps nothing, so every table reads as empty (a load's check for an empty table).
      answer = '{"Items":[],"Count":0,"ScannedCount":0}';
    } else if (operation === 'DescribeTable') {
      answer = describeTable((JSON.parse(body) as { TableName: string }).TableName);
    } else {
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException', message: `not supported here: ${operation}` }));
      return;
    }
    const send = () => {
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(answer) });
      res.end(answer);
    };
    if (writeDelayMs > 0 && operation === 'BatchWriteItem') setTimeout(send, writeDelayMs);
    else send();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});

process.on('message', (message: unknown) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send?.({ cpu: usage.user + usage.system, sdkRequests, leanRequests, lastWriteMs, perSecond: [...perSecond].map(([second, c]) => ({ second, ...c })) });
  } else if (message === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
