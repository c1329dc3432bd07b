import type { ClientTarget } from '../dynamo/client-target';
import { createLeanHttp } from '../dynamo/lean-http';

/** The data-plane calls a backfill makes, one item or one page at a time. */
export type LeanOperation = 'Scan' | 'Query' | 'GetItem' | 'UpdateItem' | 'DeleteItem' | 'PutItem';

/** A DynamoDB JSON 1.0 client for the data plane: send a body, get the parsed answer. */
export interface LeanDynamoClient {
  /** Sends one call; resolves with the parsed 200 answer, rejects with an SDK-shaped error otherwise. */
  call<T = Record<string, unknown>>(operation: LeanOperation, body: Record<string, unknown>): Promise<T>;
  destroy(): void;
}

/**
 * The backfill's data-plane path. A backfill makes one request per item (conditional
 * writes cannot be batched), so request overhead decides its speed; the lean signed HTTP
 * client costs a fraction of the SDK's CPU per call. Items stay in wire form from the Scan
 * to the write (binary values remain base64 text), so nothing is converted on the way.
 */
export function createLeanDynamoClient(target: ClientTarget, options: { maxSockets: number; requestTimeoutMs?: number }): LeanDynamoClient {
  const http = createLeanHttp(target, options);
  return {
    async call<T>(operation: LeanOperation, payload: Record<string, unknown>): Promise<T> {
      return JSON.parse(await http.post(operation, JSON.stringify(payload))) as T;
    },
    destroy: () => http.destroy(),
  };
}
