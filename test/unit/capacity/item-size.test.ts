import { describe, expect, test } from 'vitest';
import { itemSizeBytes, readUnitsForSize, significantDigits, utf8ByteLength, writeUnitsForSize } from '../../../shared/capacity/item-size';

describe('item size', () => {
  test('counts names and values by DynamoDB rules', () => {
    expect(itemSizeBytes({ pk: { S: 'abc' } })).toBe(2 + 3);
    expect(itemSizeBytes({ name: { S: 'é€😀' } })).toBe(4 + 2 + 3 + 4);
    // N: 1 byte per two significant digits + 1; leading/trailing zeroes do not count.
    expect(itemSizeBytes({ n: { N: '00120.500' } })).toBe(1 + 2 + 1);
    expect(itemSizeBytes({ n: { N: '12345' } })).toBe(1 + 3 + 1);
    expect(itemSizeBytes({ b: { B: new Uint8Array(10) } })).toBe(1 + 10);
    expect(itemSizeBytes({ b: { B: 'AAECAw==' } })).toBe(1 + 4); // base64 counts its decoded bytes
    expect(itemSizeBytes({ t: { BOOL: true }, z: { NULL: true } })).toBe(2 + 2);
    // L/M: 3 bytes + each element with 1 byte of overhead.
    expect(itemSizeBytes({ l: { L: [{ S: 'ab' }, { N: '1' }] } })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(itemSizeBytes({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + (1 + 1 + 1));
    expect(itemSizeBytes({ s: { SS: ['a', 'bc'] }, ns: { NS: ['1', '22'] } })).toBe(1 + 3 + 2 + 2 + 2);
  });

  test('helpers', () => {
    expect(utf8ByteLength('\ud800x')).toBe(4); // a lone surrogate counts as a replacement character
    expect(significantDigits('-0.000')).toBe(1);
    expect(significantDigits('1.5E+10')).toBe(2);
  });

  test('capacity units round up per item; eventually consistent reads cost half', () => {
    expect(writeUnitsForSize(0)).toBe(1);
    expect(writeUnitsForSize(150)).toBe(1);
    expect(writeUnitsForSize(1024)).toBe(1);
    expect(writeUnitsForSize(1126)).toBe(2);
    expect(readUnitsForSize(4096, true)).toBe(1);
    expect(readUnitsForSize(4097, true)).toBe(2);
    expect(readUnitsForSize(8000, false)).toBe(1);
    expect(readUnitsForSize(100, false)).toBe(0.5);
  });
});
