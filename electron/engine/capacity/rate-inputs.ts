import type { RateMode } from '../../../shared/rate-modes';
import type { CloudWatchMinute } from './cloudwatch-minute';

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

/** Organic traffic as estimated from CloudWatch minus the job's own consumption. */
export interface OrganicEstimate {
  /** Organic writes in the latest usable minute. */
  wcuPerSecond: number;
  /** Change per minute, from a fit over the last few minutes (0 with a single minute). */
  trendPerMinute: number;
  /** Start of the minute the estimate describes. */
  asOfMinuteMs: number;
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

/** A policy's answer for this second. */
export interface RateDecision {
  rateWcuPerSecond: number;
  /** False pauses the job (outside a window); the rate is then 0. */
  run: boolean;
  /** Words for the event log and the UI. */
  reason: string;
}
