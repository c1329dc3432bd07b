import {
  CreateBackupCommand,
  DescribeContinuousBackupsCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { explainFatal } from '../dynamo/classify-error';

/**
 * Control-plane facts a backfill needs beyond the table's description
 * (tables/table-description.ts): whether the table can be recovered, the two actions
 * that make it recoverable, and whether it holds items. These go through the SDK: they are rare, and
 * the SDK's errors and credentials are what the rest of the engine speaks.
 */

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
