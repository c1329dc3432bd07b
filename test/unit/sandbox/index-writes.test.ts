import { describe, expect, it } from 'vitest';
import { indexWrites } from '../../../electron/sandbox/index-writes';
import type { TableSchema } from '../../../electron/sandbox/table-model';

const schema: TableSchema = {
  name: 't',
  arn: 'arn:t',
  hashAttribute: 'pk',
  indexes: [
    { name: 'byCity', arn: 'arn:t/index/byCity', hashAttribute: 'city', projectionType: 'INCLUDE', nonKeyAttributes: ['name'] },
    { name: 'all', arn: 'arn:t/index/all', hashAttribute: 'state', projectionType: 'ALL', nonKeyAttributes: [] },
  ],
};
const hashOf = () => 7;

describe('GSI writes', () => {
  it('charges a put into each index the item enters, sized by its projection', () => {
    const item = { pk: { S: 'p' }, city: { S: 'Oslo' }, name: { S: 'n' }, blob: { S: 'x'.repeat(2000) } };
    expect(indexWrites(schema, undefined, item, hashOf)).toEqual([{ indexName: 'byCity', hash: 7, units: 1 }]);
  });

  it('charges nothing for unprojected changes, one write for projected ones, two for a moved key, one delete for leaving', () => {
    const before = { pk: { S: 'p' }, city: { S: 'Oslo' }, name: { S: 'a' }, state: { S: 'NO' } };
    expect(indexWrites(schema, before, { ...before, blob: { S: 'x' } }, hashOf)).toEqual([{ indexName: 'all', hash: 7, units: 1 }]);
    expect(indexWrites(schema, before, { ...before, name: { S: 'b' } }, hashOf).map((w) => w.indexName)).toEqual(['byCity', 'all']);
    expect(indexWrites(schema, before, { ...before, city: { S: 'Rome' } }, hashOf).filter((w) => w.indexName === 'byCity')).toHaveLength(2);
    expect(indexWrites(schema, before, undefined, hashOf).map((w) => w.indexName)).toEqual(['byCity', 'all']);
  });
});
