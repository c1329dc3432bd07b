/**
 * Facts of a run that the engine records for its report beyond counts and ticks: what
 * the operator (or the engine on their behalf) did and when, and the table's capacity
 * when the job started. A manager reading the report sees why the line bends.
 */

/** What was done to a running job. */
export type OperatorActionKind = 'pause' | 'resume' | 'rate' | 'read-rate' | 'mode' | 'cost-ceiling' | 'stop';

/** Who did it: the operator, the cost ceiling, or the rate mode's time window. */
export type ActionActor = 'operator' | 'cost' | 'window';

/** One action on a running job, as the engine applied it. */
export interface OperatorAction {
  atMs: number;
  kind: OperatorActionKind;
  by: ActionActor;
  /** The action in words, as the event log said it ("Write rate set to 500 WCU/s"). */
  words: string;
}

/**
 * The actions of a run with the numbers they carry on every chart and list, live on the
 * dashboard and in the report alike: 1 for the first, in the order they were applied.
 */
export function numberedActions(actions: readonly OperatorAction[] | undefined): { number: number; action: OperatorAction }[] {
  return (actions ?? []).map((action, i) => ({ number: i + 1, action }));
}

/** The table's capacity when the job started (DescribeTable). */
export interface TableCapacityAtStart {
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** Provisioned capacity; null on on-demand. */
  provisionedWcu: number | null;
  provisionedRcu: number | null;
  /** On-demand maximum write throughput when set. */
  maxOnDemandWcu: number | null;
}

/** The table's billing in the words a manager knows: provisioned with its units, or on-demand. */
export function billingLabel(table: TableCapacityAtStart): string {
  if (table.billingMode === 'PAY_PER_REQUEST') {
    return `On-demand (pay per request)${table.maxOnDemandWcu !== null ? `, capped at ${table.maxOnDemandWcu.toLocaleString('en-US')} WRU/s` : ''}`;
  }
  return `Provisioned: ${(table.provisionedWcu ?? 0).toLocaleString('en-US')} WCU, ${(table.provisionedRcu ?? 0).toLocaleString('en-US')} RCU`;
}
