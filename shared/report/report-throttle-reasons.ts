import type { JobReport } from '../job-report';
import { compareThrottleReasons } from './throttle-reasons';

/**
 * The throttle reasons that occur in a report, in display order. The CSV's columns and the
 * chart's stacks come from the same list so the two exports line up.
 */
export function reportThrottleReasons(report: JobReport): string[] {
  const seen = new Set<string>();
  for (const [reason, count] of Object.entries(report.throttles.byReason)) if (count > 0) seen.add(reason);
  for (const tick of report.series) {
    for (const [reason, count] of Object.entries(tick.throttlesByReason)) if (count > 0) seen.add(reason);
  }
  return [...seen].sort(compareThrottleReasons);
}
