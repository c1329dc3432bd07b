import { describe, expect, it } from 'vitest';
import { HASH_SPACE, PartitionMap } from '../../../electron/sandbox/partition-map';

describe('PartitionMap', () => {
  it('splits the hash space into contiguous ranges and finds the owner of a hash', () => {
    const map = new PartitionMap(4, 0);
    expect(map.partitions.map((p) => [p.startHash, p.endHash])).toEqual([
      [0, HASH_SPACE / 4],
      [HASH_SPACE / 4, HASH_SPACE / 2],
      [HASH_SPACE / 2, (3 * HASH_SPACE) / 4],
      [(3 * HASH_SPACE) / 4, HASH_SPACE],
    ]);
    expect(map.find(0).id).toBe(0);
    expect(map.find(HASH_SPACE / 4 - 1).id).toBe(0);
    expect(map.find(HASH_SPACE / 4).id).toBe(1);
    expect(map.find(HASH_SPACE - 1).id).toBe(3);
  });

  it('doubles until it has enough partitions, never merges, and carries debt into splits', () => {
    const map = new PartitionMap(3, 0);
    const first = map.partitions[0]!;
    first.write.charge(1500);
    map.growTo(5, 0);
    expect(map.count).toBe(6);
    expect(map.partitions[0]!.write.tokens).toBe(-500);
    map.growTo(2, 0);
    expect(map.count).toBe(6);
    expect(map.split(map.partitions[0]!, 0, 0)).toBe(false);
  });
});
