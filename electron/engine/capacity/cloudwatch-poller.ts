import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { credentialsFor, type ClientTarget } from '../dynamo/client-target';
import { minuteStartOf, type CloudWatchMinute, type CloudWatchView, type ResourceMinute } from './cloudwatch-minute';

/** The four limits DynamoDB names, as CloudWatch's per-reason metric stems. */
const REASON_STEMS = ['KeyRangeThroughput', 'ProvisionedThroughput', 'AccountLimit', 'MaxOnDemandThroughput'] as const;

/** What each resource is asked for, with the statistic that gives the number we need. */
const METRICS: { key: string; name: string; stat: 'Sum' | 'Average' }[] = [
  { key: 'cw', name: 'ConsumedWriteCapacityUnits', stat: 'Sum' },
  { key: 'cr', name: 'ConsumedReadCapacityUnits', stat: 'Sum' },
  { key: 'pw', name: 'ProvisionedWriteCapacityUnits', stat: 'Average' },
  { key: 'pr', name: 'ProvisionedReadCapacityUnits', stat: 'Average' },
  { key: 'mw', name: 'OnDemandMaxWriteRequestUnits', stat: 'Average' },
  { key: 'tw', name: 'WriteThrottleEvents', stat: 'Sum' },
  { key: 'tr', name: 'ReadThrottleEvents', stat: 'Sum' },
  ...REASON_STEMS.flatMap((stem, i) => [
    { key: `w${i}`, name: `Write${stem}ThrottleEvents`, stat: 'Sum' as const },
    { key: `r${i}`, name: `Read${stem}ThrottleEvents`, stat: 'Sum' as const },
  ]),
];

/** Metrics whose datapoints say "CloudWatch has published this minute" (throttle metrics lag on their own). */
const FRONTIER_KEYS = new Set(['cw', 'cr', 'pw', 'pr', 'mw']);

/** Options of a poller. */
export interface CloudWatchPollerOptions {
  /** Where CloudWatch is: the job's own target (AWS or the sandbox, same code), or a ready client. */
  target: ClientTarget | { client: CloudWatchClient };
  tableName: string;
  /** GSIs to read beside the table. */
  indexNames?: readonly string[];
  /** Time between polls when started (default 60 s: CloudWatch has one new minute a minute). */
  intervalMs?: number;
  /** Minutes asked for on the first poll: 40, so the on-demand rule can see minutes 30 minutes old. */
  initialLookbackMinutes?: number;
  /** Minutes asked for afterwards (recent datapoints can still be revised). */
  refreshLookbackMinutes?: number;
  /** A minute is not read before it ended this long ago, published or not (default 60 s). */
  minAgeMs?: number;
  /**
   * A minute older than this (after its end) is complete even if CloudWatch shows
   * nothing at all for the table: an idle table has no datapoints (default 5 minutes).
   */
  assumeCompleteAfterMs?: number;
  /** History kept (default 90 minutes). */
  historyMs?: number;
  now?: () => number;
  /** Called when a poll fails; the poller keeps what it had and tries again next interval. */
  onError?: (error: Error) => void;
  /** Called after every successful poll. */
  onMinutes?: (minutes: readonly CloudWatchMinute[]) => void;
}

function emptyResource(): ResourceMinute {
  return {
    consumedWcuPerSecond: 0,
    consumedRcuPerSecond: 0,
    provisionedWcu: null,
    provisionedRcu: null,
    maxOnDemandWcu: null,
    writeThrottleEvents: 0,
    readThrottleEvents: 0,
    throttleEventsByMetric: {},
  };
}

/**
 * Reads a table's CloudWatch metrics once a minute with one GetMetricData call (table
 * and every GSI, consumed, provisioned and throttles by reason) and keeps the complete
 * minutes. CloudWatch publishes a minute a minute or more after it ends, so the most
 * recent minutes are left out until published rather than read as zero; older minutes
 * without consumption datapoints are idle minutes and read as zero.
 */
export class CloudWatchPoller implements CloudWatchView {
  private readonly client: CloudWatchClient;
  private readonly ownsClient: boolean;
  private readonly now: () => number;
  private readonly byMinute = new Map<number, CloudWatchMinute>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private polls = 0;
  private inFlight: Promise<readonly CloudWatchMinute[]> | null = null;
  /** The last poll's failure, in words for the UI; null after a success. */
  lastError: string | null = null;
  /** When the last successful poll answered. */
  lastPollAtMs: number | null = null;

  constructor(private readonly options: CloudWatchPollerOptions) {
    this.now = options.now ?? Date.now;
    if ('client' in options.target) {
      this.client = options.target.client;
      this.ownsClient = false;
    } else {
      const t = options.target;
      this.client = new CloudWatchClient({ region: t.region, ...(t.endpoint ? { endpoint: t.endpoint } : {}), credentials: credentialsFor(t) });
      this.ownsClient = true;
    }
  }

  /** Complete minutes, oldest first. */
  minutes(): readonly CloudWatchMinute[] {
    return [...this.byMinute.values()].sort((a, b) => a.minuteStartMs - b.minuteStartMs);
  }

  /** Polls now and then every `intervalMs` until `stop`. */
  start(): void {
    if (this.timer) return;
    const run = () => void this.pollOnce().catch(() => undefined);
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 60_000);
    this.timer.unref?.();
  }

  /** Stops polling (and closes the client it built itself). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.ownsClient) this.client.destroy();
  }

  /** One GetMetricData call (following NextToken); a second call while one is running joins it. */
  pollOnce(): Promise<readonly CloudWatchMinute[]> {
    if (!this.inFlight) {
      this.inFlight = this.poll().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private resources(): { id: string; indexName: string | null }[] {
    return [{ id: 't', indexName: null }, ...(this.options.indexNames ?? []).map((name, i) => ({ id: `g${i}`, indexName: name }))];
  }

  private async poll(): Promise<readonly CloudWatchMinute[]> {
    const nowMs = this.now();
    const lookback = this.polls === 0 ? (this.options.initialLookbackMinutes ?? 40) : (this.options.refreshLookbackMinutes ?? 10);
    const endMs = minuteStartOf(nowMs);
    const startMs = endMs - lookback * 60_000;
    const queries: MetricDataQuery[] = [];
    for (const r of this.resources()) {
      const dimensions = [{ Name: 'TableName', Value: this.options.tableName }];
      if (r.indexName !== null) dimensions.push({ Name: 'GlobalSecondaryIndexName', Value: r.indexName });
      for (const m of METRICS) {
        queries.push({
          Id: `${r.id}_${m.key}`,
          MetricStat: { Metric: { Namespace: 'AWS/DynamoDB', MetricName: m.name, Dimensions: dimensions }, Period: 60, Stat: m.stat },
          ReturnData: true,
        });
      }
    }
    const values = new Map<string, Map<number, number>>();
    let nextToken: string | undefined;
    try {
      do {
        const out = await this.client.send(
          new GetMetricDataCommand({
            StartTime: new Date(startMs),
            EndTime: new Date(endMs),
            ScanBy: 'TimestampAscending',
            MetricDataQueries: queries,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const result of out.MetricDataResults ?? []) {
          const series = values.get(result.Id ?? '') ?? new Map<number, number>();
          (result.Timestamps ?? []).forEach((t, i) => series.set(minuteStartOf(t.getTime()), result.Values?.[i] ?? 0));
          values.set(result.Id ?? '', series);
        }
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      this.lastError = `CloudWatch could not be read: ${e.message}`;
      this.options.onError?.(e);
      throw e;
    }
    this.polls++;
    this.lastError = null;
    this.lastPollAtMs = this.now();
    this.merge(values, startMs, endMs, nowMs);
    const minutes = this.minutes();
    this.options.onMinutes?.(minutes);
    return minutes;
  }

  /** Turns the answer into complete minutes and merges them over what earlier polls saw. */
  private merge(values: Map<string, Map<number, number>>, startMs: number, endMs: number, nowMs: number): void {
    let frontierMs = Number.NEGATIVE_INFINITY;
    for (const [id, series] of values) {
      if (!FRONTIER_KEYS.has(id.slice(id.indexOf('_') + 1))) continue;
      for (const minute of series.keys()) if (minute > frontierMs) frontierMs = minute;
    }
    const minAgeMs = this.options.minAgeMs ?? 60_000;
    const assumeMs = this.options.assumeCompleteAfterMs ?? 5 * 60_000;
    const get = (id: string, minute: number) => values.get(id)?.get(minute);
    for (let minute = startMs; minute < endMs; minute += 60_000) {
      const endedAgoMs = nowMs - (minute + 60_000);
      if (endedAgoMs < minAgeMs) continue;
      if (minute > frontierMs && endedAgoMs < assumeMs) continue;
      const previous = this.byMinute.get(minute - 60_000);
      const resources: Record<string, ResourceMinute> = {};
      for (const r of this.resources()) {
        const res = emptyResource();
        const v = (key: string) => get(`${r.id}_${key}`, minute);
        res.consumedWcuPerSecond = (v('cw') ?? 0) / 60;
        res.consumedRcuPerSecond = (v('cr') ?? 0) / 60;
        // Provisioned capacity is a 5-minute gauge on AWS: carry the last value across the gaps.
        const before = previous ? (r.indexName === null ? previous : previous.indexes[r.indexName]) : undefined;
        res.provisionedWcu = v('pw') ?? before?.provisionedWcu ?? null;
        res.provisionedRcu = v('pr') ?? before?.provisionedRcu ?? null;
        res.maxOnDemandWcu = v('mw') ?? before?.maxOnDemandWcu ?? null;
        res.writeThrottleEvents = v('tw') ?? 0;
        res.readThrottleEvents = v('tr') ?? 0;
        for (const m of METRICS) {
          if (!/^[wr]\d$/.test(m.key)) continue;
          const n = v(m.key);
          if (n) res.throttleEventsByMetric[m.name] = n;
        }
        resources[r.id] = res;
      }
      const table = resources.t!;
      const indexes: Record<string, ResourceMinute> = {};
      this.resources().forEach((r) => {
        if (r.indexName !== null) indexes[r.indexName] = resources[r.id]!;
      });
      this.byMinute.set(minute, {
        minuteStartMs: minute,
        totalConsumedWcuPerSecond: table.consumedWcuPerSecond,
        totalConsumedRcuPerSecond: table.consumedRcuPerSecond,
        provisionedWcu: table.provisionedWcu,
        provisionedRcu: table.provisionedRcu,
        maxOnDemandWcu: table.maxOnDemandWcu,
        throttleEvents: table.writeThrottleEvents,
        readThrottleEvents: table.readThrottleEvents,
        throttleEventsByMetric: table.throttleEventsByMetric,
        indexes,
      });
    }
    const keepFromMs = nowMs - (this.options.historyMs ?? 90 * 60_000);
    for (const minute of this.byMinute.keys()) if (minute < keepFromMs) this.byMinute.delete(minute);
  }
}
