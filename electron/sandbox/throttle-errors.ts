import type { ThrottleEvent } from './throttle-reasons';

/** A DynamoDB error answer: status and JSON body. */
export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
}

const PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** The service's wording when provisioned table capacity (or a table's hot partition) refuses a request. */
export const TABLE_THROUGHPUT_MESSAGE =
  'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';
/** The wording when only GSIs refused it. */
export const INDEX_THROUGHPUT_MESSAGE =
  'The level of configured provisioned throughput for one or more global secondary indexes of the table was exceeded. Consider increasing your provisioning level for the under-provisioned global secondary indexes with the UpdateTable API';
/** The wording for on-demand tables whose partitions (or ramp) refused it. */
export const ON_DEMAND_THROUGHPUT_MESSAGE =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html';
/** The wording for the per-table account quota of on-demand tables. */
export const ACCOUNT_LIMIT_MESSAGE =
  'Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase';
/** The wording for a configured on-demand maximum (OnDemandThroughput). */
export const MAX_ON_DEMAND_MESSAGE = 'Throughput exceeds the maximum OnDemandThroughput configured on table or index';

function unique(events: ThrottleEvent[]): { reason: string; resource: string }[] {
  const seen = new Set<string>();
  const out: { reason: string; resource: string }[] = [];
  for (const e of events) {
    const key = `${e.reason}|${e.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ reason: e.reason, resource: e.resource });
  }
  return out;
}

/**
 * The exception for a throttled request, chosen like the service does: an on-demand
 * maximum gives ThrottlingException (lower-case `throttlingReasons`), the on-demand
 * account quota RequestLimitExceeded, everything else
 * ProvisionedThroughputExceededException; all carry every reason with its table or
 * index ARN.
 */
export function throttleError(events: ThrottleEvent[], onDemand: boolean): ErrorAnswer {
  const reasons = unique(events);
  if (events.some((e) => e.limit === 'MaxOnDemandThroughputExceeded')) {
    return { status: 400, body: { __type: `${PREFIX}ThrottlingException`, message: MAX_ON_DEMAND_MESSAGE, throttlingReasons: reasons } };
  }
  if (events.some((e) => e.limit === 'AccountLimitExceeded')) {
    return { status: 400, body: { __type: `${PREFIX}RequestLimitExceeded`, message: ACCOUNT_LIMIT_MESSAGE, ThrottlingReasons: reasons } };
  }
  const onlyIndexes = events.every((e) => e.scope === 'Index');
  const message = onDemand ? ON_DEMAND_THROUGHPUT_MESSAGE : onlyIndexes ? INDEX_THROUGHPUT_MESSAGE : TABLE_THROUGHPUT_MESSAGE;
  return { status: 400, body: { __type: `${PREFIX}ProvisionedThroughputExceededException`, message, ThrottlingReasons: reasons } };
}

/** A ValidationException in the service's namespace. */
export function validationError(message: string): ErrorAnswer {
  return { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message } };
}

/** ResourceNotFoundException for a table. */
export function tableNotFound(tableName: string): ErrorAnswer {
  return { status: 400, body: { __type: `${PREFIX}ResourceNotFoundException`, message: `Requested resource not found: Table: ${tableName} not found` } };
}

/** LimitExceededException (e.g. the daily decrease limit). */
export function limitExceeded(message: string): ErrorAnswer {
  return { status: 400, body: { __type: `${PREFIX}LimitExceededException`, message } };
}

/** Injected server faults: 500 InternalServerError or 503 ServiceUnavailable. */
export function serverFault(status: 500 | 503): ErrorAnswer {
  return status === 500
    ? { status, body: { __type: `${PREFIX}InternalServerError`, message: 'Internal server error' } }
    : { status, body: { __type: 'com.amazon.coral.availability#ServiceUnavailableException', message: 'Service Unavailable' } };
}
