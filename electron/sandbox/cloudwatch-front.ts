import { randomUUID } from 'node:crypto';
import type { Dimension, MetricStore, PeriodStat } from './metric-store';
import { parseQueryForm, toXml } from './query-form';

/** How the request arrived, which decides how the answer is written. */
export type CloudWatchProtocol = 'json' | 'query';

/** An answer: status, content type and body text. */
export interface CloudWatchAnswer {
  status: number;
  contentType: string;
  body: string;
}

type Data = Record<string, unknown>;

class CloudWatchError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

function timeMs(value: unknown, field: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') {
    const asNumber = Number(value);
    const ms = Number.isFinite(asNumber) && value.trim() !== '' ? asNumber * 1000 : Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new CloudWatchError('InvalidParameterValue', `The parameter ${field} must be a valid timestamp.`);
}

function dimensionsOf(value: unknown): Dimension[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((d): d is Data => typeof d === 'object' && d !== null)
    .map((d) => ({ Name: String(d.Name), Value: String(d.Value) }));
}

const STATS = ['Sum', 'SampleCount', 'Average', 'Minimum', 'Maximum'] as const;
type Stat = (typeof STATS)[number];

function statValue(point: PeriodStat, stat: Stat): number {
  switch (stat) {
    case 'Sum':
      return point.sum;
    case 'SampleCount':
      return point.sampleCount;
    case 'Average':
      return point.sampleCount > 0 ? point.sum / point.sampleCount : 0;
    case 'Minimum':
      return point.minimum;
    case 'Maximum':
      return point.maximum;
  }
}

/**
 * CloudWatch for the sandbox's metrics: GetMetricData, GetMetricStatistics and
 * ListMetrics, in JSON 1.0 (current SDK) and awsQuery (form in, XML out).
 */
export class CloudWatchFront {
  constructor(
    private readonly metrics: MetricStore,
    private readonly now: () => number,
  ) {}

  /** Handles a JSON 1.0 call (`X-Amz-Target: GraniteServiceVersion20100801.<op>`). */
  handleJson(operation: string, body: string): CloudWatchAnswer {
    try {
      const data = (body ? JSON.parse(body) : {}) as Data;
      return { status: 200, contentType: 'application/x-amz-json-1.0', body: JSON.stringify(this.dispatch(operation, data, 'json')) };
    } catch (error) {
      const e = error instanceof CloudWatchError ? error : new CloudWatchError('InvalidParameterValue', String((error as Error).message ?? error));
      return { status: e.status, contentType: 'application/x-amz-json-1.0', body: JSON.stringify({ __type: e.code, message: e.message }) };
    }
  }

  /** Handles an awsQuery call (`Action=<op>&...`). */
  handleQuery(form: string): CloudWatchAnswer {
    const data = parseQueryForm(form);
    const operation = String(data.Action ?? '');
    const requestId = randomUUID();
    try {
      const result = this.dispatch(operation, data, 'query');
      const xml = `<${operation}Response xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><${operation}Result>${toXml(result)}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
      return { status: 200, contentType: 'text/xml', body: xml };
    } catch (error) {
      const e = error instanceof CloudWatchError ? error : new CloudWatchError('InvalidParameterValue', String((error as Error).message ?? error));
      const xml = `<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>${e.code}</Code><Message>${toXml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
      return { status: e.status, contentType: 'text/xml', body: xml };
    }
  }

  private dispatch(operation: string, data: Data, protocol: CloudWatchProtocol): Data {
    const stamp = (ms: number) => (protocol === 'json' ? ms / 1000 : new Date(ms));
    switch (operation) {
      case 'GetMetricStatistics':
        return this.getMetricStatistics(data, stamp);
      case 'GetMetricData':
        return this.getMetricData(data, stamp);
      case 'ListMetrics':
        return this.listMetrics(data);
      default:
        throw new CloudWatchError(protocol === 'json' ? 'UnknownOperationException' : 'InvalidAction', `The action ${operation} is not valid for this endpoint.`);
    }
  }

  private window(data: Data): { startMs: number; endMs: number } {
    const startMs = timeMs(data.StartTime, 'StartTime');
    const endMs = timeMs(data.EndTime, 'EndTime');
    if (endMs <= startMs) throw new CloudWatchError('InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.');
    return { startMs: startMs - (((startMs % 60_000) + 60_000) % 60_000), endMs };
  }

  private getMetricStatistics(data: Data, stamp: (ms: number) => number | Date): Data {
    const { startMs, endMs } = this.window(data);
    const period = Number(data.Period ?? 60);
    const statistics = (Array.isArray(data.Statistics) ? data.Statistics : []).map(String).filter((s): s is Stat => (STATS as readonly string[]).includes(s));
    if (statistics.length === 0) throw new CloudWatchError('MissingParameter', 'The parameter Statistics is required.');
    const series = this.metrics.find(String(data.Namespace), String(data.MetricName), dimensionsOf(data.Dimensions));
    const points = this.metrics.query(series, startMs, endMs, period, this.now());
    return {
      Label: String(data.MetricName),
      Datapoints: points.map((p) => {
        const dp: Data = { Timestamp: stamp(p.timestampMs) };
        for (const s of statistics) dp[s] = statValue(p, s);
        dp.Unit = 'Count';
        return dp;
      }),
    };
  }

  private getMetricData(data: Data, stamp: (ms: number) => number | Date): Data {
    const { startMs, endMs } = this.window(data);
    const queries = Array.isArray(data.MetricDataQueries) ? (data.MetricDataQueries as Data[]) : [];
    if (queries.length === 0) throw new CloudWatchError('MissingParameter', 'The parameter MetricDataQueries is required.');
    const ascending = data.ScanBy === 'TimestampAscending';
    const results: Data[] = [];
    const messages: Data[] = [];
    for (const q of queries) {
      const id = String(q.Id ?? '');
      if (q.ReturnData === false || q.ReturnData === 'false') continue;
      const stat = q.MetricStat as Data | undefined;
      if (!stat) {
        results.push({ Id: id, Label: String(q.Label ?? id), Timestamps: [], Values: [], StatusCode: 'InternalError', Messages: [{ Code: 'Unsupported', Value: 'Metric math expressions are not supported by the sandbox.' }] });
        continue;
      }
      const metric = (stat.Metric ?? {}) as Data;
      const name = String(stat.Stat ?? 'Sum');
      const series = this.metrics.find(String(metric.Namespace), String(metric.MetricName), dimensionsOf(metric.Dimensions));
      let points = this.metrics.query(series, startMs, endMs, Number(stat.Period ?? 60), this.now());
      if (!ascending) points = points.reverse();
      const known = (STATS as readonly string[]).includes(name);
      if (!known) messages.push({ Code: 'UnsupportedStatistic', Value: `Statistic ${name} is not supported by the sandbox.` });
      results.push({
        Id: id,
        Label: String(q.Label ?? metric.MetricName ?? id),
        Timestamps: known ? points.map((p) => stamp(p.timestampMs)) : [],
        Values: known ? points.map((p) => statValue(p, name as Stat)) : [],
        StatusCode: 'Complete',
      });
    }
    return { MetricDataResults: results, Messages: messages };
  }

  private listMetrics(data: Data): Data {
    const filterDims = Array.isArray(data.Dimensions)
      ? (data.Dimensions as Data[]).map((d) => (d.Value === undefined ? { Name: String(d.Name) } : { Name: String(d.Name), Value: String(d.Value) }))
      : [];
    const filter: { namespace?: string; metricName?: string; dimensions?: { Name: string; Value?: string }[] } = { dimensions: filterDims };
    if (typeof data.Namespace === 'string') filter.namespace = data.Namespace;
    if (typeof data.MetricName === 'string') filter.metricName = data.MetricName;
    return {
      Metrics: this.metrics.list(filter).map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions })),
    };
  }
}
