import type { RateMode } from '../../../shared/rate-modes';
import type { CloudWatchMinute } from './cloudwatch-minute';
import type { OrganicEstimate } from '../../../shared/capacity-view';

/**
 * What a rate policy sees: the mode, the table's facts, the job's own rate and the
 * CloudWatch view. Policies are pure functions of this, so every mode can be tested
 * with a table that exists only in the test.
 */

/** What the job knows about its table (from DescribeTable and CloudWatch history at start). */
export interface TableFacts {
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** The table's provisioned write capacity now; null on on-demand. */
  provisionedWcu: number | null;
  /** OnDemandThroughput.MaxWriteRequestUnits when set. */
  maxOnDemandWcu: number | null;
  /** The highest per-second write rate the table served that DynamoDB already counts as its previous peak. */
  recentPeakWcuPerSecond: number | null;
}

/** Everything a policy decides from. */
export interface RateInputs {
  nowMs: number;
  mode: RateMode;
  /** The job's own consumption, a recent average from its ticks. */
  ownWcuPerSecond: number;
  table: TableFacts;
  /** Complete CloudWatch minutes, oldest first; may be empty or a few minutes late. */
  cloudwatch: readonly CloudWatchMinute[];
  organicEstimate: OrganicEstimate | null;
}

export type { OrganicEstimate, RateDecision } from '../../../shared/capacity-view';
