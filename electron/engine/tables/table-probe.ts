import { ScanCommand, UpdateTimeToLiveCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeSample, ItemCountPage } from '../../../shared/contract';

/**
 * Small, operator-started reads of a table that the table page and the backfill wizard
 * show: the attributes of a sample of items (names, types, an example), one page of a
 * `Select: COUNT` scan at a time (the renderer paces the pages and can stop between
 * them), and turning TTL on.
 */

const EXAMPLE_CHARS = 60;

/** The attributes found in the first `items` items of a Scan, most frequent first. */
export async function sampleAttributes(client: DynamoDBClient, table: string, items: number): Promise<AttributeSample> {
  const seen = new Map<string, { count: number; types: Set<string>; example: string; values: { type: 'S' | 'N'; text: string }[] }>();
  let scanned = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, Limit: items - scanned, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      scanned++;
      for (const [name, value] of Object.entries(item)) {
        const type = Object.keys(value)[0] ?? '?';
        const entry = seen.get(name) ?? { count: 0, types: new Set<string>(), example: exampleOf(value), values: [] };
        entry.count++;
        entry.types.add(type);
        if (value.S !== undefined && value.S.length <= 200) entry.values.push({ type: 'S', text: value.S });
        else if (value.N !== undefined) entry.values.push({ type: 'N', text: value.N });
        seen.set(name, entry);
      }
    }
    start = page.LastEvaluatedKey;
  } while (start && scanned < items);
  const attributes = [...seen.entries()]
    .map(([name, e]) => ({ name, count: e.count, types: [...e.types].sort(), example: e.example, values: e.values }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { scanned, attributes };
}

/** An attribute value as short text: the number or string itself, or its JSON. */
function exampleOf(value: AttributeValue): string {
  const text = value.S ?? value.N ?? (value.BOOL !== undefined ? String(value.BOOL) : value.B ? `(${value.B.length} bytes)` : JSON.stringify(value));
  return text.length > EXAMPLE_CHARS ? `${text.slice(0, EXAMPLE_CHARS - 1)}…` : text;
}

/**
 * One page of `Select: COUNT` from `startKey` (null: the start). The key comes and goes
 * as text, so binary key attributes survive the renderer's JSON.
 */
export async function countItemsPage(client: DynamoDBClient, table: string, startKey: string | null): Promise<ItemCountPage> {
  const page = await client.send(new ScanCommand({
    TableName: table, Select: 'COUNT', ReturnConsumedCapacity: 'TOTAL',
    ...(startKey ? { ExclusiveStartKey: parseKey(startKey) } : {}),
  }));
  return {
    count: page.Count ?? 0,
    scanned: page.ScannedCount ?? 0,
    consumedRcu: page.ConsumedCapacity?.CapacityUnits ?? 0,
    nextKey: page.LastEvaluatedKey ? keyText(page.LastEvaluatedKey) : null,
  };
}

/** Turns TTL on for `attribute` (UpdateTimeToLive); DynamoDB's answer in words when it refuses. */
export async function enableTimeToLive(client: DynamoDBClient, table: string, attribute: string): Promise<{ status: string; attribute: string }> {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: attribute } }));
  } catch (error) {
    const e = error as Error;
    throw Object.assign(new Error(`DynamoDB did not turn TTL on for ${table}: ${e.message}`), { name: e.name });
  }
  return { status: 'ENABLING', attribute };
}

/** A key as JSON text, binary values as `{"B64": "..."}`. */
export function keyText(key: Record<string, AttributeValue>): string {
  return JSON.stringify(key, (_name, value: unknown) => (value instanceof Uint8Array ? { B64: Buffer.from(value).toString('base64') } : value));
}

/** The key {@link keyText} wrote, or an error in words. */
export function parseKey(text: string): Record<string, AttributeValue> {
  try {
    return JSON.parse(text, (_name, value: unknown) => {
      const b64 = (value as { B64?: unknown } | null)?.B64;
      return typeof b64 === 'string' && Object.keys(value as object).length === 1 ? new Uint8Array(Buffer.from(b64, 'base64')) : value;
    }) as Record<string, AttributeValue>;
  } catch {
    throw new Error('The count cannot continue: the position it was given is not a key Capstan wrote. Start the count again.');
  }
}
