import { describe, expect, it } from 'vitest';
import { LISTED_REJECT_REASONS, reasonsFromReport } from '../../../shared/report/reject-reasons';

const line = (n: number, reason: string) => ({ file: 'in.csv', line: n, ordinal: n, key: null, reason, raw: `row ${n}` });

/** A stored report's reasons as the dashboard lists them (runs whose snapshot predates the live counts, fleet runs). */
describe('reasonsFromReport', () => {
  it('ranks by count, takes each reason\'s first record from the report\'s sample, and says when none was kept', () => {
    const listed = reasonsFromReport({
      byReason: { 'column "id" should be a number but "…" is not a number': 2, 'the item is … bytes': 5 },
      sample: [{ ...line(7, 'column "id" should be a number but "x" is not a number'), group: 'column "id" should be a number but "…" is not a number' }, line(9, 'column "name" is missing')],
    });
    expect(listed).toEqual([
      { reason: 'the item is … bytes', count: 5, example: null },
      { reason: 'column "id" should be a number but "…" is not a number', count: 2, example: { ...line(7, 'column "id" should be a number but "x" is not a number'), group: 'column "id" should be a number but "…" is not a number' } },
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
