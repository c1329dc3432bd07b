import { describe, expect, it } from 'vitest';
import { emptyTotals, type JobSnapshot } from '../../../shared/job-status';
import { etaFromSamples, etaSeconds } from '../../../renderer/src/format/job-eta';

const T0 = 1_700_000_000_000;

/** A running load of 200,000 records with `settled` of them written, started at T0. */
function load(id: string, settled: number, state: JobSnapshot['state'] = 'running'): JobSnapshot {
  const totals = { ...emptyTotals('load'), read: settled, written: settled, recordsTotal: 200_000 };
  return { id, state, startedAtMs: T0, totals } as unknown as JobSnapshot;
}

describe('the ETA follows recent progress, not the run\'s average', () => {
  it('after burst capacity is spent, the ETA is the pace now (75 items/s), not the pace since the start', () => {
    // 35 s at 1,000 items/s (burst), then 75 items/s for 30 s.
    let eta = NaN;
    for (let s = 1; s <= 65; s++) {
      const settled = s <= 35 ? s * 1_000 : 35_000 + (s - 35) * 75;
      eta = etaSeconds(load('burst', settled), T0 + s * 1_000);
    }
    const left = 200_000 - (35_000 + 30 * 75);
    expect(eta).toBeCloseTo(left / 75, 0);
    // The run's average (37,250 in 65 s) would have promised about 5 minutes.
    expect(eta).toBeGreaterThan(30 * 60);
  });

  it('uses the run\'s average until five seconds of samples exist, and starts again after a pause', () => {
    expect(etaSeconds(load('fresh', 20_000), T0 + 10_000)).toBeCloseTo((10 / 0.1) * 0.9, 6);
    etaSeconds(load('fresh', 20_000, 'paused'), T0 + 11_000);
    expect(etaSeconds(load('fresh', 20_000), T0 + 60_000)).toBeCloseTo((60 / 0.1) * 0.9, 6);
  });

  it('starts its samples again when progress goes back (the record count became known), instead of saying nothing for half a minute', () => {
    // Before the count is known a load's progress is bytes read x settled / read: 0.8 with the file read and 4 in 5 records settled.
    const early = (settled: number): JobSnapshot => ({ id: 'counted', state: 'running', startedAtMs: T0, totals: { ...emptyTotals('load'), bytesRead: 100, bytesTotal: 100, read: settled * 1.25, written: settled } }) as unknown as JobSnapshot;
    for (let s = 1; s <= 6; s++) etaSeconds(early(s * 400), T0 + s * 1_000);
    // Then the count is known (10,000): 2,800 settled is 0.28, below the 0.8 before.
    const counted = (settled: number) => ({ ...load('counted', settled), totals: { ...load('counted', settled).totals, recordsTotal: 10_000 } }) as JobSnapshot;
    let eta = NaN;
    for (let s = 7; s <= 15; s++) eta = etaSeconds(counted(s * 400), T0 + s * 1_000);
    // 400 a second, 6,000 of 10,000 settled at 15 s: 10 s left.
    expect(eta).toBeCloseTo(10, 0);
  });

  it('says nothing (NaN) when the recent samples show no progress, and null when they span under 5 s', () => {
    expect(etaFromSamples([{ atMs: 0, fraction: 0.5 }, { atMs: 10_000, fraction: 0.5 }])).toBeNaN();
    expect(etaFromSamples([{ atMs: 0, fraction: 0.2 }, { atMs: 4_000, fraction: 0.3 }])).toBeNull();
    expect(etaFromSamples([{ atMs: 0, fraction: 0.2 }, { atMs: 10_000, fraction: 0.3 }])).toBeCloseTo(70, 6);
  });
});
