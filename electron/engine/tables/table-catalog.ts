import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { CommandRequest, TableSummary } from '../../../shared/contract';

/** Lists every table of a connection with what the operator needs to pick one. */
export async function listTables(client: DynamoDBClient): Promise<TableSummary[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  const tables = await Promise.all(names.map((name) => describeTable(client, name)));
  return tables.sort((a, b) => a.name.localeCompare(b.name));
}

/** One table's summary. */
export async function describeTable(client: DynamoDBClient, name: string): Promise<TableSummary> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (!Table) throw new Error(`DynamoDB described no table ${name}`);
  return summarize(Table);
}

/** Creates a table and waits until it is active. */
export async function createTable(client: DynamoDBClient, request: Omit<CommandRequest<'createTable'>, 'connectionId'>): Promise<TableSummary> {
  const keys = [request.partitionKey, ...(request.sortKey ? [request.sortKey] : [])];
  await client.send(
    new CreateTableCommand({
      TableName: request.tableName,
      AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
      KeySchema: [
        { AttributeName: request.partitionKey.name, KeyType: 'HASH' },
        ...(request.sortKey ? [{ AttributeName: request.sortKey.name, KeyType: 'RANGE' as const }] : []),
      ],
      ...(request.billing.mode === 'PROVISIONED'
        ? { BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: request.billing.rcu, WriteCapacityUnits: request.billing.wcu } }
        : { BillingMode: 'PAY_PER_REQUEST' }),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1, maxDelay: 2 }, { TableName: request.tableName });
  return describeTable(client, request.tableName);
}

/** Turns DynamoDB's description into the summary the UI shows. */
export function summarize(table: TableDescription): TableSummary {
  const types = new Map((table.AttributeDefinitions ?? []).map((d) => [d.AttributeName!, d.AttributeType as 'S' | 'N' | 'B']));
  const onDemand = table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST';
  return {
    name: table.TableName ?? '?',
    status: table.TableStatus ?? 'UNKNOWN',
    billingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    readCapacityUnits: onDemand ? null : (table.ProvisionedThroughput?.ReadCapacityUnits ?? null),
    writeCapacityUnits: onDemand ? null : (table.ProvisionedThroughput?.WriteCapacityUnits ?? null),
    itemCount: table.ItemCount ?? null,
    sizeBytes: table.TableSizeBytes ?? null,
    keySchema: (table.KeySchema ?? []).map((k) => ({ name: k.AttributeName!, type: types.get(k.AttributeName!) ?? 'S', role: k.KeyType as 'HASH' | 'RANGE' })),
    globalSecondaryIndexes: (table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? '?'),
  };
}
