import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
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

/** Creates a table with a string hash key `pk` (and numeric sort key `sk` when asked). */
export async function createTable(dynamo: DynamoDBClient, input: Partial<CreateTableCommandInput> & { TableName: string }, withSortKey = false): Promise<void> {
  await dynamo.send(
    new CreateTableCommand({
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(withSortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : [])],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(withSortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      ...input,
    }),
  );
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
