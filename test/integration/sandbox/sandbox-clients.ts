import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { hashPositionOf } from '../../../electron/sandbox/dynalite-engine';
import type { SandboxHandle } from '../../../electron/sandbox/server';

/** SDK clients pointed at a sandbox, with SDK retries off so every throttle is visible. */
export function clientsFor(sandbox: SandboxHandle) {
  const common = {
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  };
  return {
    dynamo: new DynamoDBClient(common),
    cloudWatch: new CloudWatchClient(common),
    autoScaling: new ApplicationAutoScalingClient(common),
    destroy() {
      this.dynamo.destroy();
      this.cloudWatch.destroy();
      this.autoScaling.destroy();
    },
  };
}

/** Creates a table with a string hash key `pk` (and numeric sort key `sk` when asked) and waits until it is ACTIVE. */
export async function createTable(dynamo: DynamoDBClient, input: Partial<CreateTableCommandInput> & { TableName: string }, withSortKey = false): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(withSortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : [])],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(withSortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      ...input,
    }),
  );
  await waitUntilTableExists({ client: dynamo, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: input.TableName });
}

/**
 * Partition keys grouped by the partition they land in (`keysPerPartition` each), so a
 * test can spread writes exactly evenly instead of hoping random keys do.
 */
export function keysByPartition(sandbox: SandboxHandle, tableName: string, keysPerPartition: number): string[][] {
  const view = sandbox.admin.table(tableName);
  if (!view) throw new Error(`no table ${tableName}`);
  const parts = view.table.partitions;
  const out: string[][] = parts.map(() => []);
  for (let i = 0; out.some((k) => k.length < keysPerPartition); i++) {
    const key = `k${i}`;
    const hash = hashPositionOf({ S: key });
    const index = parts.findIndex((p) => hash >= p.startHash && hash < p.endHash);
    const bucket = out[index];
    if (bucket && bucket.length < keysPerPartition) bucket.push(key);
  }
  return out;
}

/** Waits for `predicate` to hold, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Headers of a request signed as far as the sandbox checks (it takes any keys and does not verify signatures). */
export const SIGNED_HEADERS = {
  'X-Amz-Date': '20250101T000000Z',
  Authorization: 'AWS4-HMAC-SHA256 Credential=sandbox/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
};

/** One HTTP answer as the wire carried it. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends one request exactly as given (no header added but Host and Content-Length), for wire-level checks. */
export function rawRequest(baseUrl: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A signed DynamoDB call over raw HTTP: the answer's status and parsed JSON body. */
export async function dynamoCall(baseUrl: string, operation: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await rawRequest(baseUrl, {
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `DynamoDB_20120810.${operation}`, ...SIGNED_HEADERS },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}
