import { describe, expect, it } from 'vitest';
import { MetricStore } from '../../../electron/sandbox/metric-store';

describe('MetricStore', () => {
  it('aggregates one-minute datapoints and publishes each one the delay after its minute ends', () => {
    const store = new MetricStore(60_000);
    const series = store.get('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', [{ Name: 'TableName', Value: 't' }]);
    series.add(5_000, 3);
    series.add(59_999, 1);
    series.add(60_000, 10);
    expect(store.query(series, 0, 180_000, 60, 119_999)).toEqual([]);
    expect(store.query(series, 0, 180_000, 60, 120_000)).toEqual([{ timestampMs: 0, sum: 4, sampleCount: 2, minimum: 1, maximum: 3 }]);
    expect(store.query(series, 0, 180_000, 120, 200_000)).toEqual([{ timestampMs: 0, sum: 14, sampleCount: 3, minimum: 1, maximum: 10 }]);
    expect(store.find('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', [{ Name: 'TableName', Value: 'other' }])).toBeUndefined();
    expect(store.list({ dimensions: [{ Name: 'TableName' }] })).toHaveLength(1);
  });
});
