import { describe, expect, it } from 'vitest';
import { gsiWriteCost, sampleGsiWriteCost, type ItemLike, type TableIndexShape } from '../../../shared/capacity/gsi-write-cost';

const table: TableIndexShape = {
  keySchema: [{ name: 'pk' }],
  indexes: [
    { name: 'byCity', keySchema: [{ name: 'city' }], projection: 'KEYS_ONLY', projectedAttributes: [] },
    { name: 'all', keySchema: [{ name: 'state' }, { name: 'city' }], projection: 'ALL', projectedAttributes: [] },
    { name: 'inc', keySchema: [{ name: 'city' }], projection: 'INCLUDE', projectedAttributes: ['note'] },
  ],
};
const big = 'x'.repeat(3000);

describe('GSI write cost', () => {
  it('charges each index the projected size of a new item that has its keys', () => {
    // 3,000-byte body: ALL projects it (pk 2+2, city 4+5, state 5+2, body 4+3000 = 3,024 bytes -> 3 WCU);
    // KEYS_ONLY holds pk and city (13 bytes -> 1 WCU); INCLUDE adds note (4+2 -> 1 WCU).
    const cost = gsiWriteCost(table, { pk: { S: 'p1' }, city: { S: 'Paris' }, state: { S: 'FR' }, note: { S: 'hi' }, body: { S: big } });
    expect(cost.perIndex).toEqual([
      { indexName: 'byCity', writes: 1, wcu: 1 },
      { indexName: 'all', writes: 1, wcu: 3 },
      { indexName: 'inc', writes: 1, wcu: 1 },
    ]);
    expect(cost.totalWcu).toBe(5);
  });

  it('costs nothing in an index whose key attributes the item lacks (sparse index)', () => {
    const cost = gsiWriteCost(table, { pk: { S: 'p1' }, city: { S: 'Paris' }, body: { S: big } });
    expect(cost.perIndex.find((p) => p.indexName === 'all')).toEqual({ indexName: 'all', writes: 0, wcu: 0 });
    expect(cost.totalWcu).toBe(2);
  });

  it('for an update: a changed index key is a delete plus a put; an unprojected change costs nothing', () => {
    const old = { pk: { S: 'p1' }, city: { S: 'Paris' }, state: { S: 'FR' }, body: { S: 'a' } };
    const moved = gsiWriteCost(table, { ...old, city: { S: 'Lyon' } }, old);
    expect(moved.perIndex.map((p) => p.writes)).toEqual([2, 2, 2]);
    const bodyOnly = gsiWriteCost(table, { ...old, body: { S: 'b' } }, old);
    expect(bodyOnly.perIndex.map((p) => p.writes)).toEqual([0, 1, 0]);
    const leaving = gsiWriteCost(table, { pk: { S: 'p1' }, city: { S: 'Paris' }, body: { S: 'a' } }, old);
    expect(leaving.perIndex.find((p) => p.indexName === 'all')?.writes).toBe(1);
  });

  it('averages a sample: half the items land in the ALL index', () => {
    const sample: ItemLike[] = [
      { pk: { S: 'a' }, city: { S: 'Paris' }, state: { S: 'FR' } },
      { pk: { S: 'b' }, city: { S: 'Paris' } },
    ];
    const s = sampleGsiWriteCost(table, sample);
    expect(s.perIndex.find((p) => p.indexName === 'all')).toEqual({ indexName: 'all', share: 0.5, wcuPerItem: 0.5 });
    expect(s.wcuPerItem).toBeCloseTo(2.5, 9);
    expect(sampleGsiWriteCost({ keySchema: table.keySchema, indexes: [] }, sample).wcuPerItem).toBe(0);
  });
});
