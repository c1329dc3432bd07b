import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A DynamoDB endpoint that accepts and discards writes, for measuring the client side
 * alone. It runs as its own process (forked by bench/load-throughput.ts) so its event
 * loop does not share one with the engine; it still shares the machine's cores, so it
 * does as little as it can per request: no JSON parsing of batches, the consumed
 * capacity estimated from the bytes between `"PutRequest"` markers.
 *
 * Protocol with the parent (IPC): it sends `{port}` once listening, answers `cpu` with
 * its own CPU time so far (microseconds) and its BatchWriteItem calls counted by sender
 * (the SDK sends a user agent, the lean transport none), and exits on `stop`.
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
function estimateWcu(body: string): { table: string; wcu: number } {
  const tableStart = body.indexOf('"RequestItems":{"') + 17;
  const table = body.slice(tableStart, body.indexOf('"', tableStart));
  let wcu = 0;
  let at = body.indexOf(PUT_MARKER);
  while (at !== -1) {
    const next = body.indexOf(PUT_MARKER, at + PUT_MARKER.length);
    const itemBytes = (next === -1 ? body.length : next) - at;
    wcu += Math.max(1, Math.ceil(itemBytes / ONE_KB_BYTES));
    at = next;
  }
  return { table, wcu };
}

let sdkRequests = 0;
let leanRequests = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('latin1');
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    let answer: string;
    if (operation === 'BatchWriteItem') {
      if (req.headers['user-agent'] === undefined) leanRequests++;
      else sdkRequests++;
      const { table, wcu } = estimateWcu(body);
      answer = `{"UnprocessedItems":{},"ConsumedCapacity":[{"TableName":${JSON.stringify(table)},"CapacityUnits":${wcu}}]}`;
    } else if (operation === 'DescribeTable') {
      answer = describeTable((JSON.parse(body) as { TableName: string }).TableName);
    } else {
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException', message: `not supported here: ${operation}` }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(answer) });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});

process.on('message', (message: unknown) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send?.({ cpu: usage.user + usage.system, sdkRequests, leanRequests });
  } else if (message === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
