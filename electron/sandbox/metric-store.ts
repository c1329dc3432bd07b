/** A CloudWatch dimension. */
export interface Dimension {
  Name: string;
  Value: string;
}

/** Aggregate of one metric over one minute. */
export interface MinuteStat {
  sum: number;
  sampleCount: number;
  minimum: number;
  maximum: number;
}

/** One metric identity (namespace, name, exact dimension set) and its minutes. */
export class MetricSeries {
  readonly points = new Map<number, MinuteStat>();
  constructor(
    readonly namespace: string,
    readonly metricName: string,
    readonly dimensions: Dimension[],
  ) {}

  /** Adds `value` observed `sampleCount` times at `atMs` to that minute. */
  add(atMs: number, value: number, sampleCount = 1): void {
    const minuteMs = atMs - (atMs % 60_000);
    const point = this.points.get(minuteMs);
    if (point) {
      point.sum += value;
      point.sampleCount += sampleCount;
      const each = sampleCount > 0 ? value / sampleCount : value;
      if (each < point.minimum) point.minimum = each;
      if (each > point.maximum) point.maximum = each;
    } else {
      const each = sampleCount > 0 ? value / sampleCount : value;
      this.points.set(minuteMs, { sum: value, sampleCount, minimum: each, maximum: each });
    }
  }

  /** Records a gauge value (e.g. provisioned capacity) for the minute holding `atMs`, once. */
  gauge(atMs: number, value: number): void {
    const minuteMs = atMs - (atMs % 60_000);
    if (!this.points.has(minuteMs)) this.points.set(minuteMs, { sum: value, sampleCount: 1, minimum: value, maximum: value });
  }
}

/** A datapoint as CloudWatch answers it, over a period of whole minutes. */
export interface PeriodStat extends MinuteStat {
  timestampMs: number;
}

function seriesKey(namespace: string, metricName: string, dimensions: Dimension[]): string {
  const dims = [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return `${namespace}\u0000${metricName}\u0000${dims.map((d) => `${d.Name}=${d.Value}`).join('\u0001')}`;
}

/**
 * One-minute metric store with CloudWatch's publication delay: a minute's datapoint
 * becomes visible `publishDelayMs` after the minute ends. Callers keep the series
 * they write often, so the hot path is one map lookup per datapoint.
 */
export class MetricStore {
  private readonly series = new Map<string, MetricSeries>();

  constructor(public publishDelayMs: number) {}

  /** The series for an exact identity, created on first use. */
  get(namespace: string, metricName: string, dimensions: Dimension[]): MetricSeries {
    const key = seriesKey(namespace, metricName, dimensions);
    let found = this.series.get(key);
    if (!found) {
      found = new MetricSeries(namespace, metricName, dimensions);
      this.series.set(key, found);
    }
    return found;
  }

  /** The series if it exists (queries must not create empty metrics). */
  find(namespace: string, metricName: string, dimensions: Dimension[]): MetricSeries | undefined {
    return this.series.get(seriesKey(namespace, metricName, dimensions));
  }

  /** True when the minute starting at `minuteMs` is published at `nowMs`. */
  isPublished(minuteMs: number, nowMs: number): boolean {
    return minuteMs + 60_000 + this.publishDelayMs <= nowMs;
  }

  /**
   * Published datapoints of a series between `startMs` (inclusive) and `endMs`
   * (exclusive), aggregated into periods aligned to `startMs`.
   */
  query(series: MetricSeries | undefined, startMs: number, endMs: number, periodSeconds: number, nowMs: number): PeriodStat[] {
    if (!series) return [];
    const periodMs = Math.max(60, Math.round(periodSeconds / 60) * 60) * 1000;
    const byPeriod = new Map<number, PeriodStat>();
    for (const [minuteMs, stat] of series.points) {
      if (minuteMs < startMs || minuteMs >= endMs || !this.isPublished(minuteMs, nowMs)) continue;
      const periodStart = startMs + Math.floor((minuteMs - startMs) / periodMs) * periodMs;
      const acc = byPeriod.get(periodStart);
      if (acc) {
        acc.sum += stat.sum;
        acc.sampleCount += stat.sampleCount;
        acc.minimum = Math.min(acc.minimum, stat.minimum);
        acc.maximum = Math.max(acc.maximum, stat.maximum);
      } else {
        byPeriod.set(periodStart, { timestampMs: periodStart, ...stat });
      }
    }
    return [...byPeriod.values()].sort((a, b) => a.timestampMs - b.timestampMs);
  }

  /** All series, optionally filtered like ListMetrics (namespace, name, dimension subset). */
  list(filter: { namespace?: string; metricName?: string; dimensions?: { Name: string; Value?: string }[] }): MetricSeries[] {
    const out: MetricSeries[] = [];
    for (const s of this.series.values()) {
      if (filter.namespace && s.namespace !== filter.namespace) continue;
      if (filter.metricName && s.metricName !== filter.metricName) continue;
      const dims = filter.dimensions ?? [];
      if (!dims.every((f) => s.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)))) continue;
      out.push(s);
    }
    return out;
  }

  /** Forgets everything (admin reset). */
  clear(): void {
    this.series.clear();
  }
}
