/**
 * The sandbox benchmarks' lean DynamoDB client: pre-built JSON bodies over a keep-alive
 * agent, signed in form only (the sandbox refuses unsigned requests, as DynamoDB does, but
 * does not check signatures), so the client costs little next to the server it measures.
 */
import { type Agent, request } from 'node:http';

const HEADERS = {
  'Content-Type': 'application/x-amz-json-1.0',
  'X-Amz-Date': '20250106T000000Z',
  Authorization: 'AWS4-HMAC-SHA256 Credential=sandbox/20250106/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
};

/** One DynamoDB call (`target` is the operation name); resolves with the status and body text. */
export function post(agent: Agent, url: URL, target: string, body: string): Promise<{ status: number; text: string }> {
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

/** A BatchWriteItem body putting one 200-byte item per key (`pk` = the key, `v` = 170 characters). */
export function batchBody(table: string, keys: readonly string[]): string {
  return `{"RequestItems":{"${table}":[${keys.map((key) => `{"PutRequest":{"Item":{"pk":{"S":"${key}"},"v":{"S":"${PAYLOAD}"}}}}`).join(',')}]}}`;
}

/**
 * Creates the bench table (hash key `pk`, 50,000 WCU: 50 partitions, far above the offered
 * load, so no write is throttled) and waits for ACTIVE as a client of the service must.
 * Resolves with its name.
 */
export async function createBenchTable(agent: Agent, url: URL): Promise<string> {
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
  for (let i = 0; (await post(agent, url, 'DescribeTable', JSON.stringify({ TableName: table }))).text.includes('"TableStatus":"CREATING"'); i++) {
    if (i > 200) throw new Error('the bench table never became ACTIVE');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return table;
}
