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

/** Creates a table (with its GSIs) and waits until it is active. */
export async function createTable(client: DynamoDBClient, request: Omit<CommandRequest<'createTable'>, 'connectionId'>): Promise<TableSummary> {
  const indexes = request.globalSecondaryIndexes ?? [];
  const keys = [request.partitionKey, ...(request.sortKey ? [request.sortKey] : []), ...indexes.flatMap((i) => [i.partitionKey, ...(i.sortKey ? [i.sortKey] : [])])];
  const types = new Map<string, string>();
  for (const k of keys) {
    const known = types.get(k.name);
    if (known && known !== k.type) throw new Error(`${k.name} is a key of the table or an index twice, once as ${known} and once as ${k.type}: an attribute has one type in every key.`);
    types.set(k.name, k.type);
  }
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  const provisioned = request.billing.mode === 'PROVISIONED' ? { ReadCapacityUnits: request.billing.rcu, WriteCapacityUnits: request.billing.wcu } : null;
  await client.send(
    new CreateTableCommand({
      TableName: request.tableName,
      AttributeDefinitions: [...types].map(([name, type]) => ({ AttributeName: name, AttributeType: type as 'S' | 'N' | 'B' })),
      KeySchema: keySchema(request.partitionKey, request.sortKey),
      ...(provisioned ? { BillingMode: 'PROVISIONED', ProvisionedThroughput: provisioned } : { BillingMode: 'PAY_PER_REQUEST' }),
      ...(indexes.length
        ? {
          GlobalSecondaryIndexes: indexes.map((i) => ({
            IndexName: i.indexName,
            KeySchema: keySchema(i.partitionKey, i.sortKey),
            Projection: { ProjectionType: i.projection ?? 'ALL' },
            ...(provisioned ? { ProvisionedThroughput: provisioned } : {}),
          })),
        }
        : {}),
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
