import {
  CreateBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { explainFatal } from '../dynamo/classify-error';
import { retryTransient } from '../dynamo/retry-transient';

/**
 * Control-plane facts a backfill needs before it reads a page: the key schema, how the
 * table is billed, its size (for the segment count), whether it can be recovered, and
 * the two actions that make it recoverable. These go through the SDK: they are rare, and
 * the SDK's errors and credentials are what the rest of the engine speaks.
 */

/** What DescribeTable tells a backfill. */
export interface TableFacts {
  keyNames: string[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  tableClass: 'standard' | 'standard-ia';
  itemCount: number;
  sizeBytes: number;
}

/** Describes a table; a missing table or a refused call becomes an error in words. */
export async function describeTableFacts(client: DynamoDBClient, table: string): Promise<TableFacts> {
  try {
    const { Table } = await retryTransient(() => client.send(new DescribeTableCommand({ TableName: table })));
    const keys = [...(Table?.KeySchema ?? [])].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0));
    return {
      keyNames: keys.map((k) => k.AttributeName!),
      billingMode: Table?.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
      tableClass: Table?.TableClassSummary?.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'standard-ia' : 'standard',
      itemCount: Table?.ItemCount ?? 0,
      sizeBytes: Table?.TableSizeBytes ?? 0,
    };
  } catch (error) {
    throw wordy(error);
  }
}

/** Whether point-in-time recovery is on (DescribeContinuousBackups). */
export async function pitrEnabled(client: DynamoDBClient, table: string): Promise<boolean> {
  try {
    const answer = await client.send(new DescribeContinuousBackupsCommand({ TableName: table }));
    return answer.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED';
  } catch (error) {
    throw wordy(error);
  }
}

/** Turns point-in-time recovery on. */
export async function enablePitr(client: DynamoDBClient, table: string): Promise<void> {
  await client.send(new UpdateContinuousBackupsCommand({ TableName: table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
}

/** Takes an on-demand backup; returns its ARN. */
export async function takeBackup(client: DynamoDBClient, table: string, name: string): Promise<string> {
  const answer = await client.send(new CreateBackupCommand({ TableName: table, BackupName: name }));
  return answer.BackupDetails?.BackupArn ?? '(no ARN returned)';
}

/** True when the table holds at least one item (a copy onto it can overwrite). */
export async function tableHasItems(client: DynamoDBClient, table: string): Promise<boolean> {
  const answer = await client.send(new ScanCommand({ TableName: table, Limit: 1 }));
  return (answer.Items?.length ?? 0) > 0 || answer.LastEvaluatedKey !== undefined;
}

function wordy(error: unknown): Error {
  const e = error as { name?: string; message?: string };
  return Object.assign(new Error(explainFatal(e.name ?? 'Error', e.message ?? '')), { name: e.name ?? 'Error' });
}
