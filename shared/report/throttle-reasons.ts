/**
 * Throttling reasons in plain words. DynamoDB says *why* it throttled
 * (`<Table|Index><Read|Write><Limit>`), and the reasons call for different reactions: a
 * hot partition is not cured by more capacity, a table at capacity is. The report's
 * diagnosis table and the live dashboard both explain throttles with these texts.
 */

/** The four limits DynamoDB names in a throttling reason. */
export type ThrottleLimitName =
  | 'ProvisionedThroughputExceeded'
  | 'AccountLimitExceeded'
  | 'KeyRangeThroughputExceeded'
  | 'MaxOnDemandThroughputExceeded';

/** A throttling reason taken apart; `indexName` only when the resource names an index. */
export interface ParsedThrottleReason {
  reason: string;
  scope: 'Table' | 'Index';
  operation: 'Read' | 'Write';
  limit: ThrottleLimitName;
  resource: string | null;
  indexName: string | null;
}

/** What a throttle means and what the operator can do about it. */
export interface ThrottleExplanation {
  title: string;
  meaning: string;
  action: string;
}

/** The reason the engine records for batch items DynamoDB returned unprocessed without saying why. */
export const UNPROCESSED_ITEMS_REASON = 'UnprocessedItems';

const REASON_PATTERN =
  /^(Table|Index)(Read|Write)(ProvisionedThroughputExceeded|AccountLimitExceeded|KeyRangeThroughputExceeded|MaxOnDemandThroughputExceeded)$/;

/** Display order: the reasons that need a decision first, the generic ones last. */
const LIMIT_ORDER: ThrottleLimitName[] = [
  'KeyRangeThroughputExceeded',
  'ProvisionedThroughputExceeded',
  'MaxOnDemandThroughputExceeded',
  'AccountLimitExceeded',
];

/** All 16 reasons DynamoDB can give, in the order the report lists them. */
export const THROTTLE_REASONS: readonly string[] = LIMIT_ORDER.flatMap((limit) =>
  (['Table', 'Index'] as const).flatMap((scope) => (['Write', 'Read'] as const).map((op) => `${scope}${op}${limit}`)),
);

/**
 * Takes a reason apart. Accepts the bare wire string or the string followed by its
 * resource (`IndexWriteProvisionedThroughputExceeded arn:...:table/t/index/gsi1`, also
 * with `@` or `|` between), since the resource is what names a GSI.
 */
export function parseThrottleReason(reason: string, resource?: string | null): ParsedThrottleReason | null {
  const split = /^([A-Za-z]+)(?:\s*[\s@|]\s*(.+))?$/.exec(reason.trim());
  if (!split) return null;
  const match = REASON_PATTERN.exec(split[1]!);
  if (!match) return null;
  const res = resource ?? split[2] ?? null;
  return {
    reason: split[1]!,
    scope: match[1] as 'Table' | 'Index',
    operation: match[2] as 'Read' | 'Write',
    limit: match[3] as ThrottleLimitName,
    resource: res,
    indexName: res ? indexNameOf(res) : null,
  };
}

/** The index name in a resource: an ARN's `/index/<name>`, or a bare name without slashes or colons. */
function indexNameOf(resource: string): string | null {
  const arn = /\/index\/([^/\s]+)/.exec(resource);
  if (arn) return arn[1]!;
  return /^[A-Za-z0-9_.-]{3,255}$/.test(resource) ? resource : null;
}

/**
 * Plain words for a throttling reason: a title, what happened, what to do. Unknown
 * reasons get a generic text that still says where to look, never an empty cell.
 */
export function explainThrottleReason(reason: string, resource?: string | null): ThrottleExplanation {
  const parsed = parseThrottleReason(reason, resource);
  if (parsed) return explainParsed(parsed);
  const bare = reason.trim();
  switch (bare) {
    case UNPROCESSED_ITEMS_REASON:
      return {
        title: 'Batch items returned unprocessed',
        meaning:
          'DynamoDB accepted the batch but handed some of its items back unprocessed, without a reason. The usual cause is that the partitions holding those items, or the table, were at their limit. Capstan retried them after backing off.',
        action:
          'If this is rare, nothing: retries are normal. If it is frequent, lower the rate; if the table had capacity left, the input is probably sorted by key: turn on spreading.',
      };
    case 'ProvisionedThroughputExceededException':
      return {
        title: 'Throughput exceeded (no reason given)',
        meaning:
          'The table or an index refused requests for lack of capacity, but the endpoint did not say which limit (older endpoints and local emulators give no reasons).',
        action:
          "Compare the table's consumed and provisioned capacity in CloudWatch: if consumption was below capacity, a hot partition is likely (turn on spreading); otherwise raise capacity or lower the rate.",
      };
    case 'RequestLimitExceeded':
      return {
        title: 'Account request quota exceeded',
        meaning: "Requests went above the account's throughput quota for this region.",
        action: 'Lower the rate, or ask AWS (Service Quotas) to raise the quota.',
      };
    case 'ThrottlingException':
      return {
        title: 'Request rate too high',
        meaning: 'DynamoDB throttled requests without naming a limit, typically because calls came too fast for a quota.',
        action: 'Lower the rate; if it persists, check the account quotas in Service Quotas.',
      };
    default:
      return {
        title: bare ? `Throttled: ${bare}` : 'Throttled (no reason recorded)',
        meaning: `DynamoDB refused some requests${bare ? ` with a reason Capstan does not know ("${bare}")` : ' without a reason'}; Capstan backed off and retried them.`,
        action:
          "Lower the rate, and look at the table's throttle metrics in CloudWatch (per reason) and the AWS documentation for this reason.",
      };
  }
}

function explainParsed(p: ParsedThrottleReason): ThrottleExplanation {
  const write = p.operation === 'Write';
  const unit = write ? 'WCU' : 'RCU';
  const verb = write ? 'writes' : 'reads';
  const onIndex = p.scope === 'Index';
  const gsi = p.indexName ? `GSI ${p.indexName}` : 'a GSI';
  const Gsi = p.indexName ? `GSI ${p.indexName}` : 'A GSI';
  switch (p.limit) {
    case 'KeyRangeThroughputExceeded':
      if (onIndex) {
        return {
          title: `Hot partition in ${gsi}`,
          meaning: `One partition of ${gsi} received more ${verb} than a partition can serve (${write ? '1,000 WCU/s' : '3,000 RCU/s'}), although the index as a whole had capacity left. Its key has few distinct values, or the ${verb} arrive sorted by it.${write ? ' A throttled index holds back writes to the table.' : ''}`,
          action: write
            ? "Turn on spreading so writes do not arrive in the index key's order; if the index key has few values (a status, a date), it needs more distinct values (e.g. a suffix). More capacity does not help."
            : 'Spread the reads over the key space (more scan segments, a shuffled scan) or lower the read rate. More capacity does not help.',
        };
      }
      return {
        title: 'Hot partition',
        meaning: `One partition of the table received more ${verb} than a partition can serve (${write ? '1,000 WCU/s' : '3,000 RCU/s'}), while the table as a whole had capacity left.`,
        action: write
          ? 'Turn on spreading: the input looks sorted by partition key (or uses few key values), so all writes hit one partition at a time. More capacity does not help; if one key value takes most writes, only a different key design does.'
          : 'Use a shuffled scan with more segments so reads spread over the table, or lower the read rate. More capacity does not help.',
      };
    case 'ProvisionedThroughputExceeded':
      if (onIndex) {
        return {
          title: `${Gsi} is throttling the table`,
          meaning: write
            ? `Every write that changes an attribute projected into ${gsi} also writes the index, and the index was at its provisioned write capacity. A throttled GSI throttles writes to the table.`
            : `Reads of ${gsi} went above its provisioned read capacity.`,
          action: `Raise ${gsi}'s ${write ? 'write' : 'read'} capacity (it is set apart from the table's) or its auto-scaling maximum, or lower the job's rate.`,
        };
      }
      return {
        title: `Table at provisioned ${write ? 'write' : 'read'} capacity`,
        meaning: `The table's ${verb} (this job's and the application's together) reached its provisioned ${unit}, burst capacity included.`,
        action: `Raise the table's ${write ? 'write' : 'read'} capacity (or the auto-scaling maximum) for the run, or lower the job's rate so the application keeps its share.`,
      };
    case 'MaxOnDemandThroughputExceeded':
      return {
        title: `On-demand maximum reached${onIndex ? ` on ${gsi}` : ''}`,
        meaning: `The ${onIndex ? 'index' : 'table'} has a maximum on-demand throughput (OnDemandThroughput) and the ${verb} went above it.`,
        action: `Lower the job's rate below the cap, or raise the ${onIndex ? "index's" : "table's"} maximum ${write ? 'write' : 'read'} request units for the run.`,
      };
    case 'AccountLimitExceeded':
      return {
        title: `Account throughput quota reached${onIndex ? ` on ${gsi}` : ''}`,
        meaning: `The ${verb} went above the account's per-table quota for on-demand throughput in this region (by default 40,000 ${write ? 'write' : 'read'} request units per second).`,
        action: 'Lower the rate below the quota, or ask AWS (Service Quotas) to raise it before the run.',
      };
  }
}

/**
 * Orders reasons for display: known reasons in diagnostic order, then the rest by name,
 * so two reports of the same table list their throttles the same way.
 */
export function compareThrottleReasons(a: string, b: string): number {
  const rank = (r: string) => {
    const p = parseThrottleReason(r);
    if (p) return THROTTLE_REASONS.indexOf(p.reason);
    return r === UNPROCESSED_ITEMS_REASON ? THROTTLE_REASONS.length : THROTTLE_REASONS.length + 1;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
