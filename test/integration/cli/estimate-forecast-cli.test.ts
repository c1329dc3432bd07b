import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import { createAutoScalingClient } from '../../../electron/engine/capacity/auto-scaling';
import { describeTableDetails } from '../../../electron/engine/tables/table-details';
import { forecastLoad } from '../../../renderer/src/components/capacity/capacity-forecast';
import { runCli } from '../../support/built-app';
import { localClient } from '../../support/table-reader';

/**
 * `capstan estimate --table` forecasts the duration from the table's capacity with the
 * wizard's own forecast: for the same table (read through the same table details), items,
 * WCU per item and rate, the terminal and the wizard give the same seconds and warning.
 */
describe('capstan estimate --table: the wizard\'s capacity forecast from the terminal', () => {
  let sandbox: SandboxHandle;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ tableStatusDelayMs: 0, port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'capstan-cli-estimate-'));
    const client = localClient(sandbox.url);
    await client.send(new CreateTableCommand({
      TableName: 'slow', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 100 },
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.2, maxDelay: 1 }, { TableName: 'slow' });
  });

  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const estimate = (args: string[]) => runCli(['estimate', '--items', '200000', '--item-bytes', '800', '--price-date', '2025-01-15', '--endpoint', sandbox.url, '--data-dir', join(dir, 'data'), ...args]);

  it('gives the wizard\'s duration and warning for 1,000 WCU/s into a 100 WCU table', async () => {
    const { code, output } = await estimate(['--rate', '1000', '--table', 'slow', '--json']);
    expect(code, output).toBe(0);
    const cli = JSON.parse(output.slice(output.indexOf('{'))) as { forecast: { seconds: number; limitedBy: string; warnings: string[]; naiveSeconds: number; wcuPerItem: number } };

    // The wizard: the same table details, the same items and WCU per item, the same rate.
    const details = await describeTableDetails(localClient(sandbox.url), createAutoScalingClient({ region: 'us-east-1', endpoint: sandbox.url, auth: { kind: 'local' } } as never), 'slow');
    const wizard = forecastLoad(details, { items: 200_000, baseWcuPerItem: 1, gsiWcuPerItem: 0 }, 1_000, true)!;
    expect(cli.forecast.wcuPerItem).toBe(1);
    expect(cli.forecast.seconds).toBe(wizard.seconds);
    expect(cli.forecast.limitedBy).toBe('provisioned');
    expect(cli.forecast.warnings).toEqual(wizard.warnings);
    expect(cli.forecast.warnings[0]).toContain('1,000 WCU/s into a 100 WCU table');
    // Not rows / rate: 200 s at the asked rate, about 1,730 s once burst is spent.
    expect(cli.forecast.naiveSeconds).toBe(200);
    expect(cli.forecast.seconds).toBeGreaterThan(1_500);

    const text = await estimate(['--rate', '1000', '--table', 'slow']);
    expect(text.code).toBe(0);
    expect(text.output).toContain('Forecast against slow (provisioned), at 1,000 WCU/s asked, 1 WCU per item:');
    expect(text.output).toContain('warning: 1,000 WCU/s into a 100 WCU table');
  }, 60_000);

  it('says in words what --table needs', async () => {
    const missingRate = await estimate(['--table', 'slow']);
    expect(missingRate.code).toBe(2);
    expect(missingRate.output).toContain('--table needs --rate (or --hours)');
    const missingTable = await estimate(['--rate', '100', '--table', 'nope']);
    expect(missingTable.code).not.toBe(0);
    expect(missingTable.output).toMatch(/nope/);
  }, 60_000);
});
