/** Why a request was throttled, in DynamoDB's own words (the four limit types). */
export type ThrottleLimit =
  | 'ProvisionedThroughputExceeded'
  | 'AccountLimitExceeded'
  | 'KeyRangeThroughputExceeded'
  | 'MaxOnDemandThroughputExceeded';

/** Read or write: the operation part of a throttling reason. */
export type CapacityOperation = 'Read' | 'Write';

/**
 * One throttled event: which resource (table or index ARN) refused which kind of
 * capacity and why. `reason` is the wire string, e.g. `TableWriteKeyRangeThroughputExceeded`.
 */
export interface ThrottleEvent {
  reason: string;
  resource: string;
  limit: ThrottleLimit;
  operation: CapacityOperation;
  scope: 'Table' | 'Index';
  tableName: string;
  indexName?: string;
}

/** Builds the wire reason string `<Table|Index><Read|Write><Limit>`. */
export function reasonString(scope: 'Table' | 'Index', operation: CapacityOperation, limit: ThrottleLimit): string {
  return `${scope}${operation}${limit}`;
}

/** CloudWatch per-reason metric for a limit, e.g. `WriteKeyRangeThroughputThrottleEvents`. */
export function reasonMetricName(operation: CapacityOperation, limit: ThrottleLimit): string {
  const stem: Record<ThrottleLimit, string> = {
    ProvisionedThroughputExceeded: 'ProvisionedThroughput',
    AccountLimitExceeded: 'AccountLimit',
    KeyRangeThroughputExceeded: 'KeyRangeThroughput',
    MaxOnDemandThroughputExceeded: 'MaxOnDemandThroughput',
  };
  return `${operation}${stem[limit]}ThrottleEvents`;
}
