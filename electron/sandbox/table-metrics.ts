import type { Dimension, MetricSeries, MetricStore } from './metric-store';
import { reasonMetricName, type ThrottleEvent } from './throttle-reasons';

/** CloudWatch namespace of the DynamoDB metrics the sandbox publishes. */
export const DYNAMODB_NAMESPACE = 'AWS/DynamoDB';
/** Namespace of the sandbox's own organic-traffic metrics (kept apart from AWS/DynamoDB). */
export const ORGANIC_NAMESPACE = 'Capstan/Sandbox';

/**
 * The metric series of one table or one GSI, created once so the request path
 * records a datapoint with a single call per metric.
 */
export class ResourceMetrics {
  readonly dimensions: Dimension[];
  readonly consumedWrite: MetricSeries;
  readonly consumedRead: MetricSeries;
  readonly writeThrottleEvents: MetricSeries;
  readonly readThrottleEvents: MetricSeries;
  readonly provisionedWrite: MetricSeries;
  readonly provisionedRead: MetricSeries;
  private readonly byName = new Map<string, MetricSeries>();

  constructor(
    private readonly store: MetricStore,
    tableName: string,
    indexName?: string,
  ) {
    this.dimensions = [{ Name: 'TableName', Value: tableName }];
    if (indexName !== undefined) this.dimensions.push({ Name: 'GlobalSecondaryIndexName', Value: indexName });
    this.consumedWrite = this.series('ConsumedWriteCapacityUnits');
    this.consumedRead = this.series('ConsumedReadCapacityUnits');
    this.writeThrottleEvents = this.series('WriteThrottleEvents');
    this.readThrottleEvents = this.series('ReadThrottleEvents');
    this.provisionedWrite = this.series('ProvisionedWriteCapacityUnits');
    this.provisionedRead = this.series('ProvisionedReadCapacityUnits');
  }

  /** The series of a metric under this resource's dimensions. */
  series(metricName: string): MetricSeries {
    let found = this.byName.get(metricName);
    if (!found) {
      found = this.store.get(DYNAMODB_NAMESPACE, metricName, this.dimensions);
      this.byName.set(metricName, found);
    }
    return found;
  }

  /** Counts `count` throttled events for one reason (event metric plus its per-reason metric). */
  throttled(event: ThrottleEvent, atMs: number, count = 1): void {
    (event.operation === 'Write' ? this.writeThrottleEvents : this.readThrottleEvents).add(atMs, count, count);
    this.series(reasonMetricName(event.operation, event.limit)).add(atMs, count, count);
  }
}

/** ThrottledRequests per operation (dimensions TableName and Operation). */
export class OperationMetrics {
  private readonly byOperation = new Map<string, MetricSeries>();
  constructor(
    private readonly store: MetricStore,
    private readonly tableName: string,
  ) {}

  /** Counts one throttled request of `operation`. */
  throttledRequest(operation: string, atMs: number, count = 1): void {
    let found = this.byOperation.get(operation);
    if (!found) {
      found = this.store.get(DYNAMODB_NAMESPACE, 'ThrottledRequests', [
        { Name: 'TableName', Value: this.tableName },
        { Name: 'Operation', Value: operation },
      ]);
      this.byOperation.set(operation, found);
    }
    found.add(atMs, count, count);
  }
}
