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

  it('says nothing (NaN) when the recent samples show no progress, and null when they span under 5 s', () => {
    expect(etaFromSamples([{ atMs: 0, fraction: 0.5 }, { atMs: 10_000, fraction: 0.5 }])).toBeNaN();
    expect(etaFromSamples([{ atMs: 0, fraction: 0.2 }, { atMs: 4_000, fraction: 0.3 }])).toBeNull();
    expect(etaFromSamples([{ atMs: 0, fraction: 0.2 }, { atMs: 10_000, fraction: 0.3 }])).toBeCloseTo(70, 6);
  });
});
