import type { CloudWatchClient, GetMetricDataCommand, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { CloudWatchPoller } from '../../../electron/engine/capacity/cloudwatch-poller';
import { MINUTE, T0 } from './capacity-fixtures';

type Points = Record<string, Record<number, number>>;

/** A CloudWatch that answers from `points` (metric name|index -> minute -> value) and records the calls. */
function fakeCloudWatch(points: Points) {
  const calls: GetMetricDataCommand['input'][] = [];
  const client = {
    async send(command: GetMetricDataCommand) {
      calls.push(command.input);
      const results: MetricDataResult[] = (command.input.MetricDataQueries ?? []).map((q) => {
        const m = q.MetricStat!.Metric!;
        const index = m.Dimensions?.find((d) => d.Name === 'GlobalSecondaryIndexName')?.Value;
        const series = points[`${m.MetricName}${index ? `|${index}` : ''}`] ?? {};
        const minutes = Object.keys(series).map(Number).sort((a, b) => a - b);
        return { Id: q.Id, Timestamps: minutes.map((t) => new Date(t)), Values: minutes.map((t) => series[t]!), StatusCode: 'Complete' };
      });
      return { MetricDataResults: results };
    },
  };
  return { client: client as unknown as CloudWatchClient, calls };
}

describe('CloudWatch poller', () => {
  it('reads one call per poll: Sum/60 per second, provisioned carried forward, throttles by reason, GSIs beside the table', async () => {
    const m = (i: number) => T0 + i * MINUTE;
    const { client, calls } = fakeCloudWatch({
      ConsumedWriteCapacityUnits: { [m(0)]: 6000, [m(1)]: 12_000, [m(3)]: 30_000 },
      ProvisionedWriteCapacityUnits: { [m(0)]: 1000 },
      WriteThrottleEvents: { [m(1)]: 7 },
      WriteKeyRangeThroughputThrottleEvents: { [m(1)]: 7 },
      'ConsumedWriteCapacityUnits|gsi1': { [m(1)]: 600 },
      'WriteProvisionedThroughputThrottleEvents|gsi1': { [m(3)]: 2 },
    });
    // Now is 10 s into minute 5: minute 3 is the newest published; minute 4 is not yet (too recent).
    const poller = new CloudWatchPoller({ target: { client }, tableName: 't', indexNames: ['gsi1'], now: () => m(5) + 10_000, initialLookbackMinutes: 6 });
    const minutes = await poller.pollOnce();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.MetricDataQueries).toHaveLength(2 * 15);
    expect(minutes.map((x) => (x.minuteStartMs - T0) / MINUTE)).toEqual([-1, 0, 1, 2, 3]);
    const [, first, second, gap, third] = minutes;
    expect(first!.totalConsumedWcuPerSecond).toBe(100);
    expect(second!.totalConsumedWcuPerSecond).toBe(200);
    // An older minute with no consumption datapoint is an idle minute: zero, not missing.
    expect(gap!.totalConsumedWcuPerSecond).toBe(0);
    expect(third!.totalConsumedWcuPerSecond).toBe(500);
    expect(third!.provisionedWcu).toBe(1000);
    expect(second!.throttleEvents).toBe(7);
    expect(second!.throttleEventsByMetric).toEqual({ WriteKeyRangeThroughputThrottleEvents: 7 });
    expect(second!.indexes.gsi1!.consumedWcuPerSecond).toBe(10);
    expect(third!.indexes.gsi1!.throttleEventsByMetric).toEqual({ WriteProvisionedThroughputThrottleEvents: 2 });
  });

  it('leaves out recent minutes CloudWatch has not published, until they are old enough to be idle', async () => {
    let nowMs = T0 + 3 * MINUTE + 5_000;
    const { client } = fakeCloudWatch({ ConsumedWriteCapacityUnits: { [T0]: 600 } });
    const poller = new CloudWatchPoller({ target: { client }, tableName: 't', now: () => nowMs, initialLookbackMinutes: 3, refreshLookbackMinutes: 10 });
    // Minute 0 is published; minute 1 ended 65 s ago but has no datapoint yet: late, not zero.
    expect((await poller.pollOnce()).map((x) => x.minuteStartMs)).toEqual([T0]);
    nowMs = T0 + 7 * MINUTE;
    // Five minutes after minute 1 ended, silence means the table was idle.
    expect((await poller.pollOnce()).map((x) => (x.minuteStartMs - T0) / MINUTE)).toEqual([-3, -2, -1, 0, 1]);
  });

  it('keeps what it had and reports in words when a poll fails', async () => {
    const errors: string[] = [];
    const client = { send: async () => Promise.reject(new Error('AccessDenied: not allowed')) } as unknown as CloudWatchClient;
    const poller = new CloudWatchPoller({ target: { client }, tableName: 't', now: () => T0, onError: (e) => errors.push(e.message) });
    await expect(poller.pollOnce()).rejects.toThrow('AccessDenied');
    expect(poller.lastError).toBe('CloudWatch could not be read: AccessDenied: not allowed');
    expect(errors).toEqual(['AccessDenied: not allowed']);
    expect(poller.minutes()).toEqual([]);
  });
});
