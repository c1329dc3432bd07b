/**
 * The table's view from CloudWatch, one complete minute at a time: what every resource
 * (the table and each GSI) consumed, what it had provisioned and what it throttled. The
 * poller produces these; the estimator and the policies read them.
 */

import type { CloudWatchMinute } from '../../../shared/capacity-view';

export type { CloudWatchMinute, ResourceMinute } from '../../../shared/capacity-view';

/** Something that holds the latest complete minutes (the poller, or a fake in tests). */
export interface CloudWatchView {
  /** Complete minutes, oldest first; empty until the first poll answers. */
  minutes(): readonly CloudWatchMinute[];
}

/** Start of the minute holding `ms`. */
export function minuteStartOf(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}
