import { decodeWireItem, type BatchWriteAnswer } from './lean-wire';

export type { BatchWriteAnswer } from './lean-wire';
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';

/**
 * How a sender worker puts one BatchWriteItem on the wire. Two implementations pass the
 * same tests: the AWS SDK's client, and a lean one that signs and writes the JSON wire
 * format directly (the hot path). Failures are thrown as errors shaped like the SDK's
 * (`name`, `$metadata.httpStatusCode`, `ThrottlingReasons`), so one classifier serves both.
 */
export interface BatchWriteTransport {
  /** Sends one BatchWriteItem with ReturnConsumedCapacity TOTAL. */
  batchWrite(table: string, requests: WriteRequest[]): Promise<BatchWriteAnswer>;
  /**
   * Sends one BatchWriteItem of puts whose items are already wire JSON (`encodeWireItem`);
   * the lean transport splices the texts into the body, the SDK's decodes them first.
   */
  batchWriteItems(table: string, items: string[]): Promise<BatchWriteAnswer>;
  /** Closes the connection pool. */
  destroy(): void;
}


/** The transport over the AWS SDK v3 client (retries already off in the client). */
export function sdkTransport(client: DynamoDBClient): BatchWriteTransport {
  const transport: BatchWriteTransport = {
    async batchWrite(table, requests) {
      const response = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests }, ReturnConsumedCapacity: 'TOTAL' }));
      let consumedWcu = 0;
      for (const c of response.ConsumedCapacity ?? []) consumedWcu += c.CapacityUnits ?? 0;
      return { unprocessed: response.UnprocessedItems?.[table] ?? [], consumedWcu };
    },
    batchWriteItems: (table, items) => transport.batchWrite(table, items.map((text) => ({ PutRequest: { Item: decodeWireItem(text) } }))),
    destroy: () => client.destroy(),
  };
  return transport;
}
