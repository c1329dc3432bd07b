import { GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { BatchWriteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { clientsFor, createTable } from './sandbox-clients';

const MINUTE = 60_000;

describe('sandbox CloudWatch metrics and organic traffic', () => {
  let sandbox: SandboxHandle;
  let clients: ReturnType<typeof clientsFor>;
  let clock: ManualClock;

  beforeAll(async () => {
    clock = createManualClock();
    // Tables start with one second banked (not the default full bank), so the burst these
    // tests see is only what organic traffic left unused.
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock, rules: { initialBurstSeconds: 1 } });
    clients = clientsFor(sandbox);
  });
  afterAll(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('publishes ConsumedWriteCapacityUnits whose Sum equals what clients were told, after the delay', async () => {
    const { dynamo, cloudWatch } = clients;
    await createTable(dynamo, { TableName: 'metered', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 1000 } });
    sandbox.admin.advance(MINUTE - (clock.now() % MINUTE));
    const firstMinute = clock.now();
    let reported = 0;
    let requests = 0;
    for (let m = 0; m < 2; m++) {
      for (let s = 0; s < 6; s++) {
        const put = await dynamo.send(new PutItemCommand({ TableName: 'metered', Item: { pk: { S: `p${m}-${s}` }, v: { S: 'v'.repeat(300 * s) } }, ReturnConsumedCapacity: 'TOTAL' }));
        reported += put.ConsumedCapacity?.CapacityUnits ?? 0;
        const batch = await dynamo.send(
          new BatchWriteItemCommand({
            RequestItems: { metered: Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: { pk: { S: `b${m}-${s}-${i}` }, v: { S: 'w'.repeat(700 * (i % 3)) } } } })) },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        reported += batch.ConsumedCapacity?.[0]?.CapacityUnits ?? 0;
        requests += 2;
        sandbox.admin.advance(10_000);
      }
    }
    expect(reported).toBeGreaterThan(200);
    const query = new GetMetricDataCommand({
      StartTime: new Date(firstMinute),
      EndTime: new Date(firstMinute + 2 * MINUTE),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        { Id: 'sum', MetricStat: { Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ConsumedWriteCapacityUnits', Dimensions: [{ Name: 'TableName', Value: 'metered' }] }, Period: 60, Stat: 'Sum' } },
        { Id: 'count', MetricStat: { Metric: { Namespace: 'AWS/DynamoDB', MetricName: 'ConsumedWriteCapacityUnits', Dimensions: [{ Name: 'TableName', Value: 'metered' }] }, Period: 60, Stat: 'SampleCount' } },
      ],
    });
    // The second minute ended just now: it is not published until 60 s later.
    const early = await cloudWatch.send(query);
    expect(early.MetricDataResults?.[0]?.Values).toHaveLength(1);
    sandbox.admin.advance(MINUTE);
    const out = await cloudWatch.send(query);
    const sums = out.MetricDataResults?.find((r) => r.Id === 'sum');
    expect(sums?.Timestamps?.map((t) => t.getTime())).toEqual([firstMinute, firstMinute + MINUTE]);
    expect((sums?.Values ?? []).reduce((a, b) => a + b, 0)).toBe(reported);
    const counts = out.MetricDataResults?.find((r) => r.Id === 'count');
    expect((counts?.Values ?? []).reduce((a, b) => a + b, 0)).toBe(requests);

    const stats = await cloudWatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/DynamoDB',
        MetricName: 'ConsumedWriteCapacityUnits',
        Dimensions: [{ Name: 'TableName', Value: 'metered' }],
        StartTime: new Date(firstMinute),
        EndTime: new Date(firstMinute + 2 * MINUTE),
        Period: 120,
        Statistics: ['Sum', 'SampleCount'],
      }),
    );
    expect(stats.Datapoints).toHaveLength(1);
    expect(stats.Datapoints?.[0]?.Sum).toBe(reported);

    // The awsQuery form (other clients, the AWS CLI) reads the same numbers as XML.
    const form = new URLSearchParams({
      Action: 'GetMetricStatistics',
      Version: '2010-08-01',
      Namespace: 'AWS/DynamoDB',
      MetricName: 'ConsumedWriteCapacityUnits',
      'Dimensions.member.1.Name': 'TableName',
      'Dimensions.member.1.Value': 'metered',
      StartTime: new Date(firstMinute).toISOString(),
      EndTime: new Date(firstMinute + 2 * MINUTE).toISOString(),
      Period: '120',
      'Statistics.member.1': 'Sum',
    });
    const xml = await (await fetch(sandbox.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() })).text();
    expect(xml).toContain('<GetMetricStatisticsResponse');
    expect(xml).toContain(`<Sum>${reported}</Sum>`);
    expect(xml).toContain(`<Timestamp>${new Date(firstMinute).toISOString()}</Timestamp>`);

    const listed = await cloudWatch.send(new ListMetricsCommand({ Namespace: 'AWS/DynamoDB', Dimensions: [{ Name: 'TableName', Value: 'metered' }] }));
    const names = new Set(listed.Metrics?.map((m) => m.MetricName));
    expect(names).toContain('ConsumedWriteCapacityUnits');
    expect(names).toContain('ProvisionedWriteCapacityUnits');
  });

  it('shows organic traffic in CloudWatch and, separately, in the admin API', async () => {
    const { dynamo, cloudWatch } = clients;
    await createTable(dynamo, { TableName: 'shop', ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 } });
    const admin = await fetch(`${sandbox.url}/_sandbox/tables/shop/organic`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ writeUnitsPerSecond: 60, readUnitsPerSecond: 40, itemSizeBytes: 1000 }),
    });
    expect(admin.status).toBe(200);
    sandbox.admin.advance(MINUTE - (clock.now() % MINUTE));
    const start = clock.now();
    sandbox.admin.advance(2 * MINUTE);
    // Bulk work on top pushes the table past capacity; its throttles must not count as organic.
    // 200 WCU/s of bulk for a minute: the burst banked while organic ran below capacity
    // lasts about 30 s, then the table throttles both.
    let bulkThrottles = 0;
    const big = 'x'.repeat(20 * 1024 - 20);
    for (let s = 0; s < 60; s++) {
      for (let i = 0; i < 10; i++) {
        try {
          await dynamo.send(new PutItemCommand({ TableName: 'shop', Item: { pk: { S: `bulk${s}-${i}` }, v: { S: big } } }));
        } catch (error) {
          expect((error as Error).name).toBe('ProvisionedThroughputExceededException');
          bulkThrottles++;
        }
      }
      sandbox.admin.advance(1000);
    }
    expect(bulkThrottles).toBeGreaterThan(0);
    sandbox.admin.advance(2 * MINUTE);

    const metric = (namespace: string, name: string) => ({ Namespace: namespace, MetricName: name, Dimensions: [{ Name: 'TableName', Value: 'shop' }] });
    const out = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(start + 2 * MINUTE),
        MetricDataQueries: [
          { Id: 'w', MetricStat: { Metric: metric('AWS/DynamoDB', 'ConsumedWriteCapacityUnits'), Period: 60, Stat: 'Sum' } },
          { Id: 'r', MetricStat: { Metric: metric('AWS/DynamoDB', 'ConsumedReadCapacityUnits'), Period: 60, Stat: 'Sum' } },
          { Id: 'ow', MetricStat: { Metric: metric('Capstan/Sandbox', 'OrganicConsumedWriteCapacityUnits'), Period: 60, Stat: 'Sum' } },
        ],
      }),
    );
    const values = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values ?? [];
    for (const v of values('w')) expect(v).toBeCloseTo(60 * 60, 0);
    for (const v of values('r')) expect(v).toBeCloseTo(40 * 60, 0);
    expect(values('w')).toHaveLength(2);
    expect(values('ow')).toEqual(values('w'));

    const view = (await (await fetch(`${sandbox.url}/_sandbox/tables/shop/organic`)).json()) as {
      totals: { writeUnitsServed: number; writeRequestsThrottled: number };
      minutes: { minuteStartMs: number; writeUnitsServed: number; writeRequestsThrottled: number }[];
    };
    const quiet = view.minutes.filter((m) => m.minuteStartMs >= start && m.minuteStartMs < start + 2 * MINUTE);
    expect(quiet).toHaveLength(2);
    for (const m of quiet) expect(m.writeUnitsServed).toBeCloseTo(3600, 0);
    // Bulk throttles appear in the table's WriteThrottleEvents, never in organic counters.
    const throttles = await cloudWatch.send(
      new GetMetricStatisticsCommand({ ...metric('AWS/DynamoDB', 'WriteThrottleEvents'), StartTime: new Date(start), EndTime: new Date(start + 5 * MINUTE), Period: 300, Statistics: ['Sum'] }),
    );
    const organicThrottled = view.totals.writeRequestsThrottled;
    expect(throttles.Datapoints?.[0]?.Sum).toBe(bulkThrottles + organicThrottled);
    const perReason = await cloudWatch.send(
      new GetMetricStatisticsCommand({ ...metric('AWS/DynamoDB', 'WriteProvisionedThroughputThrottleEvents'), StartTime: new Date(start), EndTime: new Date(start + 5 * MINUTE), Period: 300, Statistics: ['Sum'] }),
    );
    expect(perReason.Datapoints?.[0]?.Sum).toBeGreaterThanOrEqual(bulkThrottles);
  });
});
