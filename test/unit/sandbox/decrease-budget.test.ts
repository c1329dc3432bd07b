import { describe, expect, it } from 'vitest';
import { DecreaseBudget } from '../../../electron/sandbox/decrease-budget';

const HOUR = 3_600_000;
const DAY0 = Date.UTC(2025, 0, 6);

describe('DecreaseBudget', () => {
  it('allows 4 decreases at any time, then one per hour, and resets at UTC midnight', () => {
    const budget = new DecreaseBudget();
    for (let i = 0; i < 4; i++) {
      expect(budget.allows(DAY0 + i * 1000)).toBe(true);
      budget.record(DAY0 + i * 1000);
    }
    expect(budget.allows(DAY0 + 10_000)).toBe(false);
    expect(budget.nextAllowedMs(DAY0 + 10_000)).toBe(DAY0 + 3000 + HOUR);
    expect(budget.allows(DAY0 + 3000 + HOUR)).toBe(true);
    expect(budget.countToday(DAY0 + 24 * HOUR)).toBe(0);
  });

  it('caps a day at 27 decreases', () => {
    const budget = new DecreaseBudget();
    let count = 0;
    for (let t = DAY0; t < DAY0 + 24 * HOUR; t += 60_000) {
      if (budget.allows(t)) {
        budget.record(t);
        count++;
      }
    }
    expect(count).toBe(27);
  });
});
