import { describe, expect, it } from 'vitest';
import { LISTED_REJECT_REASONS, reasonsFromReport } from '../../../shared/report/reject-reasons';

const line = (n: number, reason: string) => ({ file: 'in.csv', line: n, ordinal: n, key: null, reason, raw: `row ${n}` });

/** A stored report's reasons as the dashboard lists them (runs whose snapshot predates the live counts, fleet runs). */
describe('reasonsFromReport', () => {
  it('ranks by count, takes each reason\'s first record from the report\'s sample, and says when none was kept', () => {
    const listed = reasonsFromReport({
      byReason: { 'column "…" is missing': 2, 'the item is N bytes': 5 },
      sample: [line(7, 'column "id" is missing'), line(9, 'column "name" is missing')],
    });
    expect(listed).toEqual([
      { reason: 'the item is N bytes', count: 5, example: null },
      { reason: 'column "…" is missing', count: 2, example: line(7, 'column "id" is missing') },
    ]);
  });

  it(`lists at most ${LISTED_REJECT_REASONS} reasons, the most frequent`, () => {
    const byReason = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`reason ${String.fromCharCode(97 + i)}`, i + 1]));
    const listed = reasonsFromReport({ byReason, sample: [] });
    expect(listed).toHaveLength(LISTED_REJECT_REASONS);
    expect(listed[0]!.count).toBe(30);
    expect(listed[LISTED_REJECT_REASONS - 1]!.count).toBe(11);
  });
});
