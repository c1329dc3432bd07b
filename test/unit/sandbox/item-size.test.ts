import { describe, expect, it } from 'vitest';
import { itemSizeBytes, readUnitsForBytes, valueSizeBytes, writeUnitsForBytes } from '../../../electron/sandbox/item-size';

describe('item sizes and capacity units (DOMAIN.md section 2)', () => {
  it('counts attribute names plus values', () => {
    expect(itemSizeBytes({ pk: { S: 'abc' }, n: { N: '12345' }, ok: { BOOL: true } })).toBe(2 + 3 + 1 + 4 + 2 + 1);
    expect(valueSizeBytes({ S: 'é' })).toBe(2);
    expect(valueSizeBytes({ B: Buffer.from('hello').toString('base64') })).toBe(5);
    expect(valueSizeBytes({ L: [{ S: 'a' }, { NULL: true }] })).toBe(3 + 2 + 2);
    expect(valueSizeBytes({ M: { k: { S: 'v' } } })).toBe(3 + 1 + 1 + 1);
  });

  it('rounds writes up per KB and reads per 4 KB, halving eventually consistent reads', () => {
    expect(writeUnitsForBytes(150)).toBe(1);
    expect(writeUnitsForBytes(1126)).toBe(2);
    expect(writeUnitsForBytes(0)).toBe(1);
    expect(readUnitsForBytes(500 * 16, false)).toBe(1);
    expect(readUnitsForBytes(4097, true)).toBe(2);
  });
});
