import { describe, expect, it } from 'vitest';
import { compareThrottleReasons, explainThrottleReason, parseThrottleReason, THROTTLE_REASONS } from '../../../shared/report/throttle-reasons';

describe('explainThrottleReason', () => {
  it('knows all 16 DynamoDB reasons, each with a distinct, non-empty explanation', () => {
    expect(new Set(THROTTLE_REASONS).size).toBe(16);
    const texts = new Set<string>();
    for (const reason of THROTTLE_REASONS) {
      expect(parseThrottleReason(reason)).not.toBeNull();
      const e = explainThrottleReason(reason);
      for (const text of [e.title, e.meaning, e.action]) expect(text.length).toBeGreaterThan(10);
      expect(e.title).not.toContain(reason);
      texts.add(`${e.title}|${e.meaning}|${e.action}`);
    }
    expect(texts.size).toBe(16);
  });

  it('calls a key-range throttle a hot partition and says to spread the input, not to add capacity', () => {
    const e = explainThrottleReason('TableWriteKeyRangeThroughputExceeded');
    expect(e.title).toMatch(/hot partition/i);
    expect(e.action).toMatch(/spreading/);
    expect(e.action).toMatch(/sorted by partition key/);
    expect(e.action).toMatch(/more capacity does not help/i);
  });

  it('tells a table at capacity to raise capacity or lower the rate', () => {
    const e = explainThrottleReason('TableWriteProvisionedThroughputExceeded');
    expect(e.title).toMatch(/provisioned write capacity/);
    expect(e.action).toMatch(/Raise the table's write capacity/);
    expect(e.action).toMatch(/lower the job's rate/);
    expect(explainThrottleReason('TableReadProvisionedThroughputExceeded').meaning).toMatch(/RCU/);
  });

  it('names the GSI that throttles the table when the resource is known', () => {
    const arn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/customers/index/by_status';
    const withArg = explainThrottleReason('IndexWriteProvisionedThroughputExceeded', arn);
    expect(withArg.title).toBe('GSI by_status is throttling the table');
    expect(withArg.action).toMatch(/Raise GSI by_status's write capacity/);
    expect(explainThrottleReason(`IndexWriteProvisionedThroughputExceeded ${arn}`).title).toBe('GSI by_status is throttling the table');
    expect(explainThrottleReason('IndexWriteProvisionedThroughputExceeded').title).toBe('A GSI is throttling the table');
  });

  it('explains the on-demand maximum and the account quota', () => {
    expect(explainThrottleReason('TableWriteMaxOnDemandThroughputExceeded').title).toMatch(/On-demand maximum/);
    expect(explainThrottleReason('TableWriteMaxOnDemandThroughputExceeded').action).toMatch(/below the cap/);
    expect(explainThrottleReason('TableWriteAccountLimitExceeded').meaning).toMatch(/quota/);
    expect(explainThrottleReason('TableWriteAccountLimitExceeded').action).toMatch(/Service Quotas/);
  });

  it('explains unprocessed batch items and the reason-less exception names', () => {
    expect(explainThrottleReason('UnprocessedItems').title).toMatch(/unprocessed/);
    expect(explainThrottleReason('ProvisionedThroughputExceededException').meaning).toMatch(/did not say which limit/);
  });

  it('gives unknown reasons a generic text that quotes them', () => {
    const e = explainThrottleReason('TableWriteSomethingNew');
    expect(e.title).toBe('Throttled: TableWriteSomethingNew');
    expect(e.meaning).toContain('"TableWriteSomethingNew"');
    expect(e.action).toMatch(/Lower the rate/);
    expect(explainThrottleReason('').title).toBe('Throttled (no reason recorded)');
  });
});

describe('compareThrottleReasons', () => {
  it('lists hot partitions first, then capacity, then unprocessed items, then unknown reasons', () => {
    const sorted = ['zzz', 'UnprocessedItems', 'TableWriteProvisionedThroughputExceeded', 'TableWriteKeyRangeThroughputExceeded'].sort(compareThrottleReasons);
    expect(sorted).toEqual(['TableWriteKeyRangeThroughputExceeded', 'TableWriteProvisionedThroughputExceeded', 'UnprocessedItems', 'zzz']);
  });
});
