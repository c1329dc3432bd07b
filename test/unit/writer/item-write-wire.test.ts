import { describe, expect, it } from 'vitest';
import { consumedWcuOf, mergeUpdateBody, putIfAbsentBody } from '../../../electron/engine/writer/item-write-wire';

describe('per-item write bodies', () => {
  it('insert-only is a PutItem guarded on the partition key, the item spliced unchanged', () => {
    const item = '{"pk":{"S":"a"},"data":{"B":"AAE="}}';
    const body = JSON.parse(putIfAbsentBody('t', item, 'pk')) as Record<string, unknown>;
    expect(body).toEqual({
      TableName: 't', Item: { pk: { S: 'a' }, data: { B: 'AAE=' } },
      ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' }, ReturnConsumedCapacity: 'TOTAL',
    });
  });

  it('merge SETs only the non-key attributes through placeholders (reserved words and dots are safe)', () => {
    const body = JSON.parse(mergeUpdateBody('t', '{"pk":{"S":"a"},"sk":{"N":"1"},"name":{"S":"x"},"a.b":{"N":"2"}}', ['pk', 'sk'])) as Record<string, unknown>;
    expect(body).toEqual({
      TableName: 't', Key: { pk: { S: 'a' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'TOTAL',
      UpdateExpression: 'SET #a0 = :v0, #a1 = :v1',
      ExpressionAttributeNames: { '#a0': 'name', '#a1': 'a.b' },
      ExpressionAttributeValues: { ':v0': { S: 'x' }, ':v1': { N: '2' } },
    });
  });

  it('merge of a key-only item has no expression (creates the item if absent, changes nothing otherwise)', () => {
    const body = JSON.parse(mergeUpdateBody('t', '{"pk":{"S":"a"}}', ['pk'])) as Record<string, unknown>;
    expect(body).toEqual({ TableName: 't', Key: { pk: { S: 'a' } }, ReturnConsumedCapacity: 'TOTAL' });
  });

  it('reads the capacity a single-item call consumed', () => {
    expect(consumedWcuOf('{"ConsumedCapacity":{"TableName":"t","CapacityUnits":2}}')).toBe(2);
    expect(consumedWcuOf('{}')).toBe(0);
  });
});
