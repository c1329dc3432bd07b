import { formatCount } from '../../../shared/format';
import { compareThrottleReasons, explainThrottleReason, parseThrottleReason, UNPROCESSED_ITEMS_REASON } from '../../../shared/report/throttle-reasons';
import type { RateModeName } from '../../../shared/rate-modes';
import type { CloudWatchMinute, ThrottleDiagnosis } from '../../../shared/capacity-view';

export type { ThrottleDiagnosis } from '../../../shared/capacity-view';

/** What the job knows about itself and its table that changes the advice. */
export interface DiagnosisContext {
  jobKind: 'load' | 'backfill';
  /** Loads: is the input shuffled (spreading)? Backfills: is the scan shuffled? Null when unknown. */
  spreading: boolean | null;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  /** The table's GSIs, to name the one throttling when the reason carries no ARN. */
  indexNames: readonly string[];
  rateMode?: RateModeName;
  provisionedWcu?: number | null;
  maxOnDemandWcu?: number | null;
  /** The operator's rate, WCU/s: set against the table's capacity. */
  requestedWcuPerSecond?: number | null;
  /** The job's highest consumed WCU in one second so far: above provisioned, burst served it. */
  peakWcuPerSecond?: number | null;
  /**
   * Every item has its own partition key value (no sort key): keys are as spread as the
   * hash makes them, so a hot partition is not the key design's fault.
   */
  keysDistinct?: boolean | null;
  /** Recent complete CloudWatch minutes: which GSI throttled, whether the table was full. */
  cloudwatch?: readonly CloudWatchMinute[];
}


/** The GSI with the most throttle events in the recent minutes, or the only one. */
function throttlingIndex(context: DiagnosisContext, named: string | null): string | null {
  if (named) return named;
  const byIndex = new Map<string, number>();
  for (const m of context.cloudwatch ?? []) {
    for (const [name, r] of Object.entries(m.indexes)) byIndex.set(name, (byIndex.get(name) ?? 0) + r.writeThrottleEvents + r.readThrottleEvents);
  }
  let best: string | null = null;
  let most = 0;
  for (const [name, n] of byIndex) if (n > most) [best, most] = [name, n];
  if (best) return best;
  return context.indexNames.length === 1 ? context.indexNames[0]! : null;
}

function spreadAdvice(context: DiagnosisContext): { title: string; action: string } {
  if (context.jobKind === 'backfill') {
    return context.spreading === false
      ? { title: 'hot partition: a plain scan walks the table one partition at a time', action: 'Turn on the shuffled scan (many segments, small pages from random segments) so writes spread over all partitions.' }
      : { title: 'hot partition although the scan is shuffled', action: 'A few key values take most writes (one key value is held to 1,000 WCU/s): lower the rate; more capacity does not help.' };
  }
  if (context.spreading === false) {
    return { title: 'hot partition: the input looks sorted by key', action: 'Turn on spreading so writes reach all partitions at once; more capacity does not help.' };
  }
  if (context.spreading === true && context.billingMode === 'PAY_PER_REQUEST') {
    const asked = context.requestedWcuPerSecond ? ` (${formatCount(context.requestedWcuPerSecond)} WCU/s asked)` : '';
    return {
      title: `on-demand ramp: the rate jumped past what the table's partitions serve yet${asked}`,
      action: 'An on-demand table has partitions for about twice its previous peak and adds more within minutes; raise the rate in steps (at most double it every 30 minutes) or pre-warm the table (warm throughput). The job backs off meanwhile.',
    };
  }
  if (context.spreading === true && context.keysDistinct) {
    return {
      title: 'partitions at their 1,000 WCU/s limit although writes are spread',
      action: 'Every item has its own key and writes are spread, so each partition is full: the table has too few partitions for this rate. Lower the rate, or raise the table\'s capacity before the run (that adds partitions); DynamoDB also splits busy partitions within minutes.',
    };
  }
  if (context.spreading === true) {
    return {
      title: 'hot partition although spreading is on',
      action: 'A few partition key values take most writes (one key value is held to 1,000 WCU/s on any table): lower the rate, or change the key design; more capacity does not help.',
    };
  }
  return { title: 'hot partition', action: 'If the input is sorted by key, turn on spreading; more capacity does not help.' };
}

/**
 * A job asked more of a provisioned table than its write capacity (outside fill mode):
 * burst carried it above capacity if its peak second went past it, and it is spent now.
 * Null when the rate asked fits the table or is unknown.
 */
function askedAboveCapacity(context: DiagnosisContext): { title: string; action: string } | null {
  const asked = context.requestedWcuPerSecond ?? null;
  const provisioned = context.provisionedWcu ?? null;
  if (context.billingMode !== 'PROVISIONED' || context.rateMode === 'fill' || asked === null || !provisioned || asked <= provisioned) return null;
  const burstUsed = (context.peakWcuPerSecond ?? 0) > provisioned;
  const times = asked / provisioned;
  return {
    title: burstUsed
      ? `burst exhausted: ${formatCount(asked)} WCU/s asked of a ${formatCount(provisioned)} WCU table`
      : `${formatCount(asked)} WCU/s asked of a ${formatCount(provisioned)} WCU table, with no burst left`,
    action: `${burstUsed ? 'Unused capacity saved as burst (up to 300 s of it) carried the job above the table\'s capacity; it is spent, so ' : ''}the table takes ${formatCount(provisioned)} WCU/s: about ${times >= 10 ? formatCount(Math.round(times)) : times.toFixed(1)}x slower than asked. Raise the table's write capacity to the rate, or lower the rate to ${formatCount(provisioned)} WCU/s.`,
  };
}

/** The diagnosis of one reason with the job's context added to the generic explanation. */
export function diagnoseThrottle(reason: string, count: number, context: DiagnosisContext): ThrottleDiagnosis {
  const generic = explainThrottleReason(reason);
  const parsed = parseThrottleReason(reason);
  const base = { reason: parsed?.reason ?? reason.trim(), count, meaning: generic.meaning, indexName: null as string | null };
  if (!parsed) {
    if (reason.trim() === UNPROCESSED_ITEMS_REASON) {
      // DynamoDB gives no reason for unprocessed items; whether a job asked above its table
      // sees them or a throttle exception depends on how its requests meet the refill, so
      // the asked rate against the table decides the advice, not the answer's shape.
      const over = askedAboveCapacity(context);
      if (over) return { ...base, title: `batch items returned unprocessed: ${over.title}`, action: over.action };
      const hot = context.spreading === false;
      return {
        ...base,
        title: hot ? 'batch items returned unprocessed: the input looks sorted by key' : 'batch items returned unprocessed',
        action: hot ? 'Turn on spreading: unprocessed items without a reason usually mean one partition at a time is full.' : generic.action,
      };
    }
    return { ...base, title: generic.title, action: generic.action };
  }
  const write = parsed.operation === 'Write';
  if (parsed.scope === 'Index') {
    const index = throttlingIndex(context, parsed.indexName);
    const gsi = index ? `GSI ${index}` : 'a GSI';
    const named = explainThrottleReason(reason, index);
    switch (parsed.limit) {
      case 'ProvisionedThroughputExceeded':
        return {
          ...base,
          indexName: index,
          meaning: named.meaning,
          title: `${gsi} is throttling the table`,
          action: `Raise ${index ? `${index}'s` : "the GSI's"} ${write ? 'write' : 'read'} capacity (it is set apart from the table's), or lower the job's rate.`,
        };
      case 'KeyRangeThroughputExceeded':
        return { ...base, indexName: index, meaning: named.meaning, title: `hot partition in ${gsi}: its key has few values or arrives sorted`, action: named.action };
      default:
        return { ...base, indexName: index, meaning: named.meaning, title: named.title, action: named.action };
    }
  }
  switch (parsed.limit) {
    case 'KeyRangeThroughputExceeded': {
      const advice = spreadAdvice(context);
      return { ...base, title: advice.title, action: write ? advice.action : generic.action };
    }
    case 'ProvisionedThroughputExceeded': {
      const cap = context.provisionedWcu ? ` (${formatCount(context.provisionedWcu)} WCU)` : '';
      if (write && context.rateMode === 'fill') {
        return {
          ...base,
          title: `table at provisioned capacity${cap} while filling`,
          action: 'Expected now and then in fill mode when the application rises faster than CloudWatch shows it; the job backs off at once. If it is frequent, lower the fill share (e.g. 90%).',
        };
      }
      const over = write ? askedAboveCapacity(context) : null;
      if (over) return { ...base, ...over };
      return {
        ...base,
        title: `table at provisioned ${write ? 'write' : 'read'} capacity${write ? cap : ''}`,
        action: write ? 'Lower the rate, or let Capstan steer it: fill mode takes only what the application leaves.' : generic.action,
      };
    }
    case 'MaxOnDemandThroughputExceeded': {
      const cap = context.maxOnDemandWcu ? ` of ${formatCount(context.maxOnDemandWcu)} WRU/s` : '';
      return { ...base, title: `on-demand maximum${cap} reached`, action: `Lower the rate below the maximum${cap} (on-demand aware mode keeps under it), or raise the table's maximum for the run.` };
    }
    case 'AccountLimitExceeded':
      return { ...base, title: 'account throughput quota reached', action: generic.action };
  }
}

/**
 * Every reason the job was throttled for, most actionable first, each with what it
 * means for this job and what to do (issue 6, item 5). Input: the job's throttle
 * counts by reason (the ticks' `throttlesByReason`, summed).
 */
export function diagnoseThrottles(throttlesByReason: Record<string, number>, context: DiagnosisContext): ThrottleDiagnosis[] {
  return Object.entries(throttlesByReason)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => compareThrottleReasons(a, b))
    .map(([reason, n]) => diagnoseThrottle(reason, n, context));
}
