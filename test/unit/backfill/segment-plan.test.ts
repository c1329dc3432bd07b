import { describe, expect, it } from 'vitest';
import { chooseSegmentCount, dealSegments, sampleSegments } from '../../../electron/engine/backfill/segment-plan';
import { projectTrial } from '../../../electron/engine/backfill/trial-projection';
import { splitQuery } from '../../../electron/engine/backfill/query-export/query-split';

describe('segments', () => {
  it('grows with the table: 1,000 or more for big tables, at least 16', () => {
    expect(chooseSegmentCount({ itemCount: 100, sizeBytes: 10_000 })).toBe(16);
    expect(chooseSegmentCount({ itemCount: 10_000_000, sizeBytes: 2 * 1024 ** 3 })).toBe(10_000);
    expect(chooseSegmentCount({ itemCount: 400_000, sizeBytes: 100 * 1024 ** 2 })).toBe(1600);
  });

  it('deals disjoint random sets covering every segment', () => {
    const hands = dealSegments(Array.from({ length: 100 }, (_, i) => i), 3, { shuffle: true, seed: 7 });
    expect(hands.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(hands[0]!.slice(0, 5)).not.toEqual([0, 3, 6, 9, 12]);
    expect(dealSegments([0, 1, 2, 3], 2, { shuffle: false, seed: 1 })).toEqual([[0, 1], [2, 3]]);
  });

  it('samples a fraction of the segments for a trial', () => {
    expect(sampleSegments(1000, 0.01, 3)).toHaveLength(10);
    expect(sampleSegments(10, 0.01, 3)).toHaveLength(1);
  });
});

describe('trial projection', () => {
  it('scales the sample by the sampled fraction and prices it at the chosen rates', () => {
    const trial = projectTrial(
      { sampledSegments: 10, totalSegments: 1000, scanned: 2000, wouldChange: 1500, wouldWcu: 1500, unchanged: 500, failed: 0, consumedRcu: 30, examples: [] },
      { wcuPerSecond: 1000, rcuPerSecond: 100 },
      { mode: 'on-demand', writePerMillionUsd: 0.625, readPerMillionUsd: 0.125 },
      { pitrEnabled: false, destructive: false, refusal: [] },
    );
    expect(trial.projected).toMatchObject({ items: 200_000, changes: 150_000, wcu: 150_000, rcu: 3000, durationSeconds: 150 });
    expect(trial.projected.costUsd).toBeCloseTo(150_000 * 0.625e-6 + 3000 * 0.125e-6, 6);
  });
});

describe('query split', () => {
  const shape = { table: 't', partitionKeyName: 'pk', partitionKeyValue: { S: 'A' }, sortKeyName: 'sk' };
  it('cuts boundaries into below / between / above, dropping the shared upper bound', () => {
    const subs = splitQuery(shape, { kind: 'boundaries', boundaries: ['2024-02', '2024-01'] });
    expect(subs.map((s) => s.body.KeyConditionExpression)).toEqual(['#qpk = :qpk AND #qsk < :qhi', '#qpk = :qpk AND #qsk BETWEEN :qlo AND :qhi', '#qpk = :qpk AND #qsk >= :qlo']);
    expect(subs.map((s) => s.dropSortKey)).toEqual([null, '2024-02', null]);
  });
  it('queries each slot of a write-sharded key', () => {
    const subs = splitQuery(shape, { kind: 'slots', slots: 3, separator: '#' });
    expect(subs.map((s) => (s.body.ExpressionAttributeValues as Record<string, { S: string }>)[':qpk']!.S)).toEqual(['A#0', 'A#1', 'A#2']);
  });
});
