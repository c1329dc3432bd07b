/**
 * Request bodies of the per-item write modes, written from an item's wire JSON
 * (`encodeWireItem`) without decoding it to SDK values: binaries stay base64 text, as
 * DynamoDB's JSON protocol wants them. Insert-only is a PutItem guarded by
 * `attribute_not_exists` on the partition key; merge is an UpdateItem that SETs only the
 * item's non-key attributes, so whatever else the stored item holds is kept.
 */

/** The body of a PutItem that writes the item only when no item has its key. */
export function putIfAbsentBody(table: string, itemWire: string, partitionKey: string): string {
  return (
    `{"TableName":${JSON.stringify(table)},"Item":${itemWire},` +
    `"ConditionExpression":"attribute_not_exists(#pk)","ExpressionAttributeNames":{"#pk":${JSON.stringify(partitionKey)}},` +
    `"ReturnConsumedCapacity":"TOTAL"}`
  );
}

/**
 * The body of an UpdateItem that sets the item's non-key attributes on the stored item
 * (creating it when absent). Names and values go through placeholders, so any attribute
 * name (reserved words, dots, spaces) is safe. An item of key attributes only becomes
 * an UpdateItem without an expression: it creates the item if absent and changes nothing
 * otherwise.
 */
export function mergeUpdateBody(table: string, itemWire: string, keyAttributes: readonly string[]): string {
  const item = JSON.parse(itemWire) as Record<string, unknown>;
  const key: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const name of Object.keys(item)) {
    if (keyAttributes.includes(name)) {
      key[name] = item[name];
      continue;
    }
    const i = sets.length;
    names[`#a${i}`] = name;
    values[`:v${i}`] = item[name];
    sets.push(`#a${i} = :v${i}`);
  }
  const body: Record<string, unknown> = { TableName: table, Key: key, ReturnConsumedCapacity: 'TOTAL' };
  if (sets.length > 0) {
    body.UpdateExpression = `SET ${sets.join(', ')}`;
    body.ExpressionAttributeNames = names;
    body.ExpressionAttributeValues = values;
  }
  return JSON.stringify(body);
}

/** The write units a single-item call reported (`ReturnConsumedCapacity: TOTAL`). */
export function consumedWcuOf(answer: string): number {
  const parsed = JSON.parse(answer) as { ConsumedCapacity?: { CapacityUnits?: number } };
  return parsed.ConsumedCapacity?.CapacityUnits ?? 0;
}
