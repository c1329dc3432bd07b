import { describe, expect, it } from 'vitest';
import { organicShareForTargetChange, targetForOrganicShare } from '../../../shared/cost';

describe('organic share (technique 2)', () => {
  it('70% -> 80%: 80/70 - 1 = 14.3% of organic traffic', () => {
    expect(organicShareForTargetChange(0.7, 0.8)).toBeCloseTo(0.142857, 6);
  });

  it('50% -> 70%: 70/50 - 1 = 40%', () => {
    expect(organicShareForTargetChange(0.5, 0.7)).toBeCloseTo(0.4, 10);
  });

  it('the inverse: a 14.29% share from 70% needs 0.7 x (1 + 1/7) = 80%', () => {
    expect(targetForOrganicShare(0.7, 1 / 7)).toBeCloseTo(0.8, 10);
  });

  it('a share that needs more than 90% is refused, naming the most possible (90/70 - 1 = 28.6%)', () => {
    expect(() => targetForOrganicShare(0.7, 0.5)).toThrow(/above AWS's 90% limit; from 70% the most is 28\.6%/);
  });

  it('lowering the target is refused in words', () => {
    expect(() => organicShareForTargetChange(0.8, 0.7)).toThrow(/must be above the current one/);
  });

  it('percentages typed as whole numbers are refused', () => {
    expect(() => organicShareForTargetChange(70, 80)).toThrow(/0\.7 for 70%/);
  });
});
