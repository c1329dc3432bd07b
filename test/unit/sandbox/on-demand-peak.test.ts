import { describe, expect, it } from 'vitest';
import { onDemandPartitionCount } from '../../../electron/sandbox/capacity-resource';
import { OnDemandPeak } from '../../../electron/sandbox/on-demand-peak';

describe('OnDemandPeak', () => {
  it('starts at 2,000 (4,000 WRU/s served at once) and counts a new peak only 30 minutes later', () => {
    const peak = new OnDemandPeak(2000, 30 * 60_000);
    expect(onDemandPartitionCount(peak.peakAt(0))).toBe(4);
    peak.recordMinute(4000, 60_000);
    expect(peak.peakAt(60_000 + 29 * 60_000)).toBe(2000);
    expect(peak.peakAt(60_000 + 30 * 60_000)).toBe(4000);
    expect(onDemandPartitionCount(4000)).toBe(8);
    peak.recordMinute(1000, 120_000);
    expect(peak.pendingPeak()).toBe(4000);
  });
});
