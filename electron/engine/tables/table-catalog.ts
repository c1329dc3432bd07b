import { CreateTableCommand, ListTablesCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CommandRequest, TableSummary } from '../../../shared/contract';
import { describeTable as describeTableFacts, type TableDescriptionFacts } from './table-description';

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
  return summarize(await describeTableFacts(client, name));
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

/** A table's facts as the summary the UI shows. */
export function summarize(table: TableDescriptionFacts): TableSummary {
  return {
    name: table.name,
    status: table.status,
    billingMode: table.billingMode,
    readCapacityUnits: table.provisionedRcu,
    writeCapacityUnits: table.provisionedWcu,
    itemCount: table.itemCount,
    sizeBytes: table.sizeBytes,
    keySchema: table.keySchema,
    globalSecondaryIndexes: table.indexes.map((i) => i.name),
  };
}
