import { describe, expect, it } from 'vitest';
import { diagnoseThrottle, diagnoseThrottles, type DiagnosisContext } from '../../../electron/engine/capacity/throttle-diagnosis';
import { THROTTLE_REASONS } from '../../../shared/report/throttle-reasons';
import { cwMinute, T0 } from './capacity-fixtures';

const load = (over: Partial<DiagnosisContext> = {}): DiagnosisContext => ({ jobKind: 'load', spreading: false, billingMode: 'PROVISIONED', indexNames: [], ...over });

describe('throttle diagnosis', () => {
  it('a hot key range with spreading off: the input looks sorted, turn on spreading', () => {
    const d = diagnoseThrottle('TableWriteKeyRangeThroughputExceeded', 12, load());
    expect(d.title).toBe('hot partition: the input looks sorted by key');
    expect(d.action).toMatch(/^Turn on spreading/);
    expect(d.count).toBe(12);
  });

  it('a hot key range with spreading on: few key values, more capacity does not help', () => {
    const d = diagnoseThrottle('TableWriteKeyRangeThroughputExceeded', 1, load({ spreading: true }));
    expect(d.title).toBe('hot partition although spreading is on');
    expect(d.action).toMatch(/1,000 WCU\/s/);
  });

  it('a backfill on a plain scan is told to shuffle the scan', () => {
    expect(diagnoseThrottle('TableWriteKeyRangeThroughputExceeded', 1, load({ jobKind: 'backfill' })).action).toMatch(/shuffled scan/);
  });

  it('names the GSI from the reason ARN, else from CloudWatch, else the only GSI', () => {
    const arn = 'IndexWriteProvisionedThroughputExceeded arn:aws:dynamodb:us-east-1:000000000000:table/t/index/byCity';
    expect(diagnoseThrottle(arn, 3, load({ indexNames: ['byCity', 'byState'] })).title).toBe('GSI byCity is throttling the table');
    const minute = cwMinute(T0, 500);
    minute.indexes = {
      byCity: { ...minute, consumedWcuPerSecond: 1, consumedRcuPerSecond: 0, writeThrottleEvents: 0 },
      byState: { ...minute, consumedWcuPerSecond: 1, consumedRcuPerSecond: 0, writeThrottleEvents: 40 },
    };
    const fromCw = diagnoseThrottle('IndexWriteProvisionedThroughputExceeded', 3, load({ indexNames: ['byCity', 'byState'], cloudwatch: [minute] }));
    expect(fromCw.title).toBe('GSI byState is throttling the table');
    expect(fromCw.action).toBe("Raise byState's write capacity (it is set apart from the table's), or lower the job's rate.");
    expect(diagnoseThrottle('IndexWriteProvisionedThroughputExceeded', 3, load({ indexNames: ['gsi1'] })).title).toBe('GSI gsi1 is throttling the table');
    expect(diagnoseThrottle('IndexWriteProvisionedThroughputExceeded', 3, load({ indexNames: ['a', 'b'] })).title).toBe('a GSI is throttling the table');
  });

  it('says fill-mode capacity throttles are expected now and then, and names the on-demand maximum', () => {
    expect(diagnoseThrottle('TableWriteProvisionedThroughputExceeded', 2, load({ rateMode: 'fill', provisionedWcu: 1000 })).title).toBe('table at provisioned capacity (1,000 WCU) while filling');
    expect(diagnoseThrottle('TableWriteMaxOnDemandThroughputExceeded', 2, load({ billingMode: 'PAY_PER_REQUEST', maxOnDemandWcu: 500 })).title).toBe('on-demand maximum of 500 WRU/s reached');
    expect(diagnoseThrottle('TableWriteAccountLimitExceeded', 2, load()).action).toMatch(/Service Quotas/);
  });

  it('explains unprocessed items and unknown reasons, never with an empty text', () => {
    expect(diagnoseThrottle('UnprocessedItems', 9, load()).action).toMatch(/Turn on spreading/);
    const odd = diagnoseThrottle('SomethingNew', 1, load());
    expect(odd.title).toContain('SomethingNew');
    expect(odd.action.length).toBeGreaterThan(10);
  });

  it('gives every one of the 16 reasons a title, meaning and action, most actionable first, zero counts left out', () => {
    const counts = Object.fromEntries([...THROTTLE_REASONS].reverse().map((r) => [r, 1]));
    counts.UnprocessedItems = 0;
    const all = diagnoseThrottles(counts, load({ indexNames: ['gsi1'] }));
    expect(all.map((d) => d.reason)).toEqual([...THROTTLE_REASONS]);
    for (const d of all) for (const text of [d.title, d.meaning, d.action]) expect(text.length).toBeGreaterThan(5);
  });
});

describe('throttle diagnosis from the facts the job knows', () => {
  it('burst exhausted: the job ran above provisioned capacity, now the table takes its WCU', () => {
    const d = diagnoseThrottle('TableWriteProvisionedThroughputExceeded', 40, load({ spreading: true, provisionedWcu: 100, requestedWcuPerSecond: 1_000, peakWcuPerSecond: 700 }));
    expect(d.title).toBe('burst exhausted: 1,000 WCU/s asked of a 100 WCU table');
    expect(d.action).toContain('about 10x slower than asked');
    expect(d.action).toContain('lower the rate to 100 WCU/s');
  });

  it('unprocessed items of a job asked above its provisioned table get the same burst diagnosis as the throttle exception', () => {
    // DynamoDB attaches no reason to unprocessed items: which answer a job sees depends on timing.
    const over = load({ spreading: true, provisionedWcu: 100, requestedWcuPerSecond: 1_000, peakWcuPerSecond: 400 });
    const d = diagnoseThrottle('UnprocessedItems', 24, over);
    expect(d.title).toBe('batch items returned unprocessed: burst exhausted: 1,000 WCU/s asked of a 100 WCU table');
    expect(d.action).toBe(diagnoseThrottle('TableWriteProvisionedThroughputExceeded', 5, over).action);
    expect(diagnoseThrottle('UnprocessedItems', 24, { ...over, requestedWcuPerSecond: 100 }).title).toBe('batch items returned unprocessed');
    expect(diagnoseThrottle('UnprocessedItems', 24, { ...over, rateMode: 'fill' }).title).toBe('batch items returned unprocessed');
    expect(diagnoseThrottle('UnprocessedItems', 24, { ...over, billingMode: 'PAY_PER_REQUEST' }).title).toBe('batch items returned unprocessed');
  });

  it('asked above capacity without having used burst says so, not "burst exhausted"', () => {
    const d = diagnoseThrottle('TableWriteProvisionedThroughputExceeded', 40, load({ spreading: true, provisionedWcu: 100, requestedWcuPerSecond: 250, peakWcuPerSecond: 100 }));
    expect(d.title).toBe('250 WCU/s asked of a 100 WCU table, with no burst left');
    expect(d.action).toContain('about 2.5x slower than asked');
  });

  it('on-demand with spreading on: the ramp after a rate jump, never "turn on spreading" nor key design', () => {
    const d = diagnoseThrottle('TableWriteKeyRangeThroughputExceeded', 5, load({ spreading: true, billingMode: 'PAY_PER_REQUEST', requestedWcuPerSecond: 20_000, keysDistinct: true }));
    expect(d.title).toBe('on-demand ramp: the rate jumped past what the table\'s partitions serve yet (20,000 WCU/s asked)');
    expect(d.action).not.toMatch(/spreading|key design/i);
  });

  it('random keys with spreading on: too few partitions, never the key design', () => {
    const d = diagnoseThrottle('TableWriteKeyRangeThroughputExceeded', 5, load({ spreading: true, keysDistinct: true }));
    expect(d.title).toBe('partitions at their 1,000 WCU/s limit although writes are spread');
    expect(d.action).not.toMatch(/turn on spreading|key design/i);
  });
});
