import { parseThrottleReason } from '../../../shared/report/throttle-reasons';

/**
 * One colour per throttling reason, chosen by what the reason means (hot partition,
 * capacity, on-demand cap, quota) so the same trouble has the same colour on every run.
 */
export function reasonColor(reason: string): string {
  const parsed = parseThrottleReason(reason);
  if (!parsed) return 'var(--muted)';
  switch (parsed.limit) {
    case 'KeyRangeThroughputExceeded':
      return parsed.scope === 'Index' ? 'var(--orange)' : 'var(--red)';
    case 'ProvisionedThroughputExceeded':
      return parsed.scope === 'Index' ? 'var(--violet)' : 'var(--amber)';
    case 'MaxOnDemandThroughputExceeded':
      return 'var(--teal)';
    case 'AccountLimitExceeded':
      return 'var(--pink)';
  }
}
