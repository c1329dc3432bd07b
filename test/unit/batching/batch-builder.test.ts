import { describe, expect, test } from 'vitest';
import { BatchBuilder, type Batch, type SourcedBatchInput } from '../../../electron/engine/batching/batch-builder';

function input(ordinal: number, key: string, sizeBytes = 100): SourcedBatchInput {
  return { ordinal, key, sizeBytes, item: { pk: { S: key } }, file: 'f.csv', line: ordinal + 2, offset: ordinal * 10, raw: `${key}` };
}

describe('BatchBuilder', () => {
  test('25 puts per batch, every ordinal in exactly one batch, WCU per item', () => {
    const builder = new BatchBuilder();
    const batches: Batch<SourcedBatchInput>[] = [];
    for (let i = 0; i < 60; i++) batches.push(...builder.add(input(i, `k${i}`, i === 3 ? 2500 : 100)).batches);
    batches.push(...builder.flush());
    expect(batches.map((b) => b.entries.length)).toEqual([25, 25, 10]);
    expect(batches.flatMap((b) => b.ordinals)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(batches[0]!.wcu).toBe(24 + 3);
    expect(batches[0]!.bytes).toBe(24 * 100 + 2500);
    expect(batches.map((b) => b.id)).toEqual([1, 2, 3]);
    expect(builder.flush()).toEqual([]);
  });

  test('a duplicate key in one batch keeps the later record and reports the superseded one', () => {
    const builder = new BatchBuilder();
    builder.add(input(10, 'a'));
    builder.add(input(11, 'b'));
    const later = builder.add(input(12, 'a', 300));
    expect(later.superseded).toMatchObject([{ ordinal: 10, supersededByOrdinal: 12, supersededByLine: 14 }]);
    // Spreading can deliver an earlier record after a later one: the later still wins.
    const earlier = builder.add(input(5, 'b'));
    expect(earlier.superseded).toMatchObject([{ ordinal: 5, supersededByOrdinal: 11 }]);
    const [batch] = builder.flush();
    expect(batch!.ordinals).toEqual([12, 11]);
    expect(batch!.superseded).toEqual([{ ordinal: 10, byOrdinal: 12 }, { ordinal: 5, byOrdinal: 11 }]);
    expect(new Set(batch!.entries.map((e) => e.key)).size).toBe(batch!.entries.length);
    expect(batch!.bytes).toBe(400);
    expect(builder.duplicates).toBe(2);
  });

  test('the same key in different batches is allowed', () => {
    const builder = new BatchBuilder({ maxItems: 2 });
    const out = [...builder.add(input(0, 'a')).batches, ...builder.add(input(1, 'b')).batches, ...builder.add(input(2, 'a')).batches, ...builder.flush()];
    expect(out.map((b) => b.ordinals)).toEqual([[0, 1], [2]]);
  });

  test('a batch stays under its byte limit', () => {
    const builder = new BatchBuilder({ maxBytes: 1000 });
    const out = [400, 400, 400, 100].flatMap((size, i) => builder.add(input(i, `k${i}`, size)).batches);
    out.push(...builder.flush());
    expect(out.map((b) => b.bytes)).toEqual([800, 500]);
  });
});
