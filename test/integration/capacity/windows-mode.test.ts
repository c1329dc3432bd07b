import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchPoller } from '../../../electron/engine/capacity/cloudwatch-poller';
import { RateController } from '../../../electron/engine/capacity/rate-controller';
import { createDynamoClient, type ClientTarget } from '../../../electron/engine/dynamo/client-target';
import { createManualClock, type ManualClock } from '../../../electron/sandbox/clock';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { rateModeSchema } from '../../../shared/rate-modes';
import { runControlledWriter } from './controlled-writer';

const MINUTE = 60_000;

/**
 * Windows mode pauses and resumes at the window edges. Fake time: the sandbox's manual
 * clock is the `now` the controller decides at, starting 2025-01-06 00:00 UTC (05:30 in
 * Asia/Kolkata, a zone with a half-hour offset so a wrong zone shows at once).
 */
describe('windows mode against the sandbox', () => {
  let sandbox: SandboxHandle;
  let clock: ManualClock;
  let target: ClientTarget;

  beforeAll(async () => {
    clock = createManualClock(Date.UTC(2025, 0, 6, 0, 0, 0));
    sandbox = await startSandbox({ tableStatusDelayMs: 0, clock, metricsDelayMs: 10_000 });
    target = { region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } };
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('writes only inside 05:32-05:35 Asia/Kolkata (00:02-00:05 UTC), pausing and resuming on the exact second', async () => {
    const dynamo = createDynamoClient(target);
    await dynamo.send(
      new CreateTableCommand({
        TableName: 'nightly',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 200 },
      }),
    );
    const startMs = clock.now();
    const controller = new RateController({
      mode: rateModeSchema.parse({ mode: 'windows', windows: [{ start: '05:32', end: '05:35' }], timeZone: 'Asia/Kolkata', inside: { kind: 'rate', wcuPerSecond: 50 } }),
      table: { billingMode: 'PROVISIONED', provisionedWcu: 200, maxOnDemandWcu: null, recentPeakWcuPerSecond: null },
      cloudwatch: null,
    });
    const seconds = await runControlledWriter({ sandbox, dynamo, tableName: 'nightly', controller, poller: null, seconds: 7 * 60 });
    const transitions = seconds.filter((s, i) => i > 0 && s.paused !== seconds[i - 1]!.paused).map((s) => ({ atSecond: (s.atMs - startMs) / 1000, paused: s.paused }));
    expect(seconds[0]!.paused).toBe(true);
    expect(seconds[0]!.decision.reason).toBe('windows: paused outside 05:32-05:35 Asia/Kolkata; the next opens in 2m 00s');
    expect(transitions).toEqual([
      { atSecond: 120, paused: false },
      { atSecond: 300, paused: true },
    ]);
    expect(seconds.filter((s) => s.paused).every((s) => s.consumedWcu === 0)).toBe(true);
    expect(seconds.filter((s) => !s.paused).every((s) => s.consumedWcu === 50)).toBe(true);

    // The table's own CloudWatch minutes agree: 50 WCU/s in minutes 2-4, nothing outside.
    sandbox.admin.advance(MINUTE);
    const poller = new CloudWatchPoller({ target, tableName: 'nightly', now: () => clock.now(), minAgeMs: 10_000 });
    const perMinute = (await poller.pollOnce()).filter((m) => m.minuteStartMs >= startMs).map((m) => m.totalConsumedWcuPerSecond);
    expect(perMinute).toEqual([0, 0, 50, 50, 50, 0, 0]);
    poller.stop();
    dynamo.destroy();
  });
});
