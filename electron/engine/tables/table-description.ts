import { DescribeTableCommand, type DynamoDBClient, type TableDescription as SdkTableDescription } from '@aws-sdk/client-dynamodb';
import { explainFatal } from '../dynamo/classify-error';
import { retryTransient } from '../dynamo/retry-transient';

/**
 * The one place the engine reads a table's description: DescribeTable (retried on 5xx,
 * dropped connections and throttles) turned into typed facts. Every caller — a load, a
 * backfill, sample validation, the table views, the GSI cost — reads the key schema and
 * the rest from here, never from DescribeTable's raw answer.
 */

/** A key attribute of a table or index: its name, its type and whether it is the partition or the sort key. */
export interface TableKeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
  role: 'HASH' | 'RANGE';
}

/** A global secondary index as the engine needs it. */
export interface TableIndexFacts {
  name: string;
  keySchema: TableKeyAttribute[];
  projection: 'ALL' | 'INCLUDE' | 'KEYS_ONLY';
  /** Non-key attributes an INCLUDE projection adds. */
  projectedAttributes: string[];
  readCapacityUnits: number | null;
  writeCapacityUnits: number | null;
  status: string;
}

/** What DescribeTable says of a table, typed. */
export interface TableDescriptionFacts {
  name: string;
  arn: string | null;
  status: string;
  /** Partition key first, then the sort key when there is one. */
  keySchema: TableKeyAttribute[];
  keyNames: string[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  tableClass: 'standard' | 'standard-ia';
  /** Provisioned capacity; null on on-demand. */
  provisionedRcu: number | null;
  provisionedWcu: number | null;
  /** OnDemandThroughput.MaxWriteRequestUnits when set. */
  maxOnDemandWcu: number | null;
  indexes: TableIndexFacts[];
  itemCount: number | null;
  sizeBytes: number | null;
}

/** Describes a table; a missing table or a refused call becomes an error in words (its name kept). */
export async function describeTable(client: DynamoDBClient, table: string): Promise<TableDescriptionFacts> {
  try {
    const { Table } = await retryTransient(() => client.send(new DescribeTableCommand({ TableName: table })));
    if (!Table) throw Object.assign(new Error(`DynamoDB described no table ${table}`), { name: 'ResourceNotFoundException' });
    return tableFactsOf(Table);
  } catch (error) {
    const e = error as { name?: string; message?: string };
    throw Object.assign(new Error(explainFatal(e.name ?? 'Error', e.message ?? '')), { name: e.name ?? 'Error' });
  }
}

/** DescribeTable's answer as typed facts (pure: tests and the sandbox's answers go through it too). */
export function tableFactsOf(table: SdkTableDescription): TableDescriptionFacts {
  const types = new Map((table.AttributeDefinitions ?? []).map((d) => [d.AttributeName ?? '', d.AttributeType as 'S' | 'N' | 'B']));
  const keysOf = (schema: SdkTableDescription['KeySchema']): TableKeyAttribute[] =>
    [...(schema ?? [])]
      .sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === 'HASH' ? -1 : 1))
      .map((k) => ({ name: k.AttributeName ?? '?', type: types.get(k.AttributeName ?? '') ?? 'S', role: k.KeyType === 'RANGE' ? 'RANGE' : 'HASH' }));
  const onDemand = table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST';
  const keySchema = keysOf(table.KeySchema);
  return {
    name: table.TableName ?? '?',
    arn: table.TableArn ?? null,
    status: table.TableStatus ?? 'UNKNOWN',
    keySchema,
    keyNames: keySchema.map((k) => k.name),
    billingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    tableClass: table.TableClassSummary?.TableClass === 'STANDARD_INFREQUENT_ACCESS' ? 'standard-ia' : 'standard',
    provisionedRcu: onDemand ? null : (table.ProvisionedThroughput?.ReadCapacityUnits ?? null),
    provisionedWcu: onDemand ? null : (table.ProvisionedThroughput?.WriteCapacityUnits ?? null),
    // DynamoDB reports -1 for "no maximum" (and the sandbox copies it): only a positive number is a cap.
    maxOnDemandWcu: (table.OnDemandThroughput?.MaxWriteRequestUnits ?? 0) > 0 ? table.OnDemandThroughput!.MaxWriteRequestUnits! : null,
    indexes: (table.GlobalSecondaryIndexes ?? []).map((g) => ({
      name: g.IndexName ?? '?',
      keySchema: keysOf(g.KeySchema),
      projection: g.Projection?.ProjectionType === 'INCLUDE' ? 'INCLUDE' : g.Projection?.ProjectionType === 'KEYS_ONLY' ? 'KEYS_ONLY' : 'ALL',
      projectedAttributes: g.Projection?.NonKeyAttributes ?? [],
      readCapacityUnits: g.ProvisionedThroughput?.ReadCapacityUnits ?? null,
      writeCapacityUnits: g.ProvisionedThroughput?.WriteCapacityUnits ?? null,
      status: g.IndexStatus ?? 'UNKNOWN',
    })),
    itemCount: table.ItemCount ?? null,
    sizeBytes: table.TableSizeBytes ?? null,
  };
}
