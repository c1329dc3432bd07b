import { DescribeTimeToLiveCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/built-app';
import { localClient, scanAll, waitFor } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const ROWS = 2_000;
const TABLE = 'events';
const CUT = '2025-01-01';

const count = async (page: Page, testId: string) => Number(((await page.getByTestId(testId).first().textContent()) ?? '').replace(/[^\d]/g, ''));

/**
 * A backfill through the wizard on the sandbox: a table loaded by the CLI, the add-ttl
 * trial with its numbers, then a delete-where that the UI and the engine refuse until
 * it is confirmed and recoverable, and that then deletes exactly the matching items.
 */
describe('the backfill wizard in web mode', () => {
  let app: WebMode;
  let dir: string;
  let page: Page;
  let sandbox: string;
  let rows: { id: string; acquired: string }[];

  beforeAll(async () => {
    app = await startWebMode({ name: 'bf', samples: { 'events.csv': ROWS }, tables: [onDemandTable(TABLE)], open: false });
    ({ dir, page, sandbox } = app);
    const file = join(dir, 'events.csv');
    rows = (await readFile(file, 'utf8')).trim().split('\n').slice(1).map((line) => {
      const [id, acquired] = line.split(',');
      return { id: id!, acquired: acquired! };
    });
    const load = await runCli(['load', '--endpoint', sandbox, '--table', TABLE, '--source', file, '--key', 'pk=EV#{customer_id}', '--rate', '4000', '--data-dir', join(dir, 'cli-data')]);
    expect(load.code, load.output).toBe(0);
    await page.goto(app.url);
    await page.getByTestId('app-ready').waitFor();
  });

  afterAll(() => app?.close());

  it('runs the add-ttl trial and shows what would change, without writing', async () => {
    await page.getByTestId('nav-backfill').click();
    await page.getByTestId('backfill-wizard').waitFor();
    await screenshot(page, 'backfill-wizard-empty');
    await waitFor(async () => (await page.getByTestId('bf-table').locator(`option[value="${TABLE}"]`).count()) > 0, 15_000, 'the table in the list');
    await page.getByTestId('bf-table').selectOption(TABLE);
    await page.getByTestId('bf-op-add-ttl').click();
    // The date attribute is picked from a sample of the table, not typed.
    await page.getByTestId('bf-pick-fromAttribute-acquisition_date').click();
    expect(await page.getByTestId('bf-fromAttribute').inputValue()).toBe('acquisition_date');
    await page.getByTestId('bf-addDays').fill('90');
    // The TTLs the sample would get, as dates with their epoch seconds; the sample's dates span
    // three years, so 90 days on, most are already past: the wizard says so before any trial.
    const first50 = (await localClient(sandbox).send(new ScanCommand({ TableName: TABLE, Limit: 50 }))).Items!;
    const sampled = first50.map((item) => Date.parse(`${item.acquisition_date!.S!}T00:00:00Z`) / 1000 + 90 * 86_400);
    const inPast = sampled.filter((t) => t <= Date.now() / 1000).length;
    expect(inPast).toBeGreaterThan(0);
    const dateOf = (t: number) => `${new Date(t * 1000).toISOString().slice(0, 10)} 00:00 UTC (${t})`;
    await waitForText(page.getByTestId('ttl-earliest'), dateOf(Math.min(...sampled)));
    await waitForText(page.getByTestId('ttl-latest'), dateOf(Math.max(...sampled)));
    await waitForText(page.getByTestId('ttl-past-warning'), `${inPast} of 50 computed TTLs are already in the past`, { contains: true });
    // TTL is off on the table: the wizard says items will not expire and offers to turn it on, after a confirmation.
    await waitForText(page.getByTestId('ttl-status'), `TTL is disabled on ${TABLE}`, { contains: true });
    const ttlState = async () => (await localClient(sandbox).send(new DescribeTimeToLiveCommand({ TableName: TABLE }))).TimeToLiveDescription;
    expect((await ttlState())?.TimeToLiveStatus).toBe('DISABLED');
    await page.getByTestId('ttl-enable').click();
    await waitForText(page.getByTestId('confirm-dialog'), `${inPast} computed TTLs are already past`, { contains: true });
    await page.getByTestId('ttl-panel').evaluate((el) => el.closest('.card')?.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'backfill-ttl-enable-confirm');
    await page.getByTestId('confirm-ok').click();
    await waitForText(page.getByTestId('ttl-status'), `TTL on ${TABLE} is`, { contains: true });
    expect(await ttlState()).toMatchObject({ AttributeName: 'ttl' });
    expect(['ENABLING', 'ENABLED']).toContain((await ttlState())?.TimeToLiveStatus);
    await page.getByTestId('bf-segments').fill('8');
    await page.getByTestId('bf-rcu').fill('2000');
    await page.getByTestId('bf-trial-percent').fill('100');
    await page.getByTestId('bf-run-trial').click();
    const result = page.getByTestId('trial-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await count(page, 'trial-scanned')).toBe(ROWS);
    expect(await count(page, 'trial-would-change')).toBe(ROWS);
    expect(await count(page, 'trial-items')).toBe(ROWS);
    expect(await count(page, 'trial-changes')).toBe(ROWS);
    expect(await count(page, 'trial-wcu')).toBeGreaterThanOrEqual(ROWS);
    await waitForText(page.getByTestId('trial-cost'), '$', { contains: true });
    // The example shows the TTL the job would set: the date plus 90 days, in epoch seconds.
    const example = (await page.getByTestId('trial-example').textContent())!;
    const acquired = /"acquisition_date":\s*\{\s*"S":\s*"(\d{4}-\d\d-\d\d)"/.exec(example)?.[1];
    expect(acquired).toBeDefined();
    const ttl = String(Date.parse(`${acquired}T00:00:00Z`) / 1000 + 90 * 86_400);
    expect(example).toContain(ttl);
    await waitForText(page.getByTestId('trial-example-change'), `ttl set to ${dateOf(Number(ttl))}`, { contains: true });
    await screenshot(page, 'backfill-trial-result', true);
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'backfill-trial-result-dark', true);
    await page.emulateMedia({ colorScheme: 'light' });

    const items = await scanAll(localClient(sandbox), TABLE);
    expect(items).toHaveLength(ROWS);
    expect(items.filter((i) => i.ttl !== undefined)).toHaveLength(0);
  });

  it('refuses a delete-where until it is confirmed and recoverable, then deletes exactly the matching items', async () => {
    await page.getByTestId('bf-op-delete-where').click();
    // The condition from the builder: attribute (from the sample), test and value become the raw expression.
    await page.getByTestId('bf-builder-expression-attribute').fill('acquisition_date');
    await page.getByTestId('bf-builder-expression-op').selectOption('<');
    await page.getByTestId('bf-builder-expression-value').fill(CUT);
    await page.getByTestId('bf-builder-expression-add').click();
    await waitForValue(page.getByTestId('bf-expression'), '#a1 < :v1');
    expect(await page.getByTestId('bf-names').inputValue()).toBe('#a1=acquisition_date');
    expect(await page.getByTestId('bf-values').inputValue()).toBe(`:v1="${CUT}"`);
    expect(await page.locator('#bf-builder-expression-attributes option[value="acquisition_date"]').count()).toBe(1);
    await page.getByTestId('bf-segments').fill('64');
    // The write side offers the rate modes a load has, with the dashboard's mode fields; a mode the schema refuses blocks Start in words.
    await page.getByTestId('bf-mode-pick-windows').click();
    await page.getByTestId('bf-mode-windowStart').fill('25:00');
    await waitForText(page.getByTestId('bf-start-blocked'), 'Write rate: windows.0.start: start must be HH:MM (24-hour)', { contains: true });
    await page.getByTestId('bf-mode-windowStart').fill('22:00');
    await page.getByTestId('bf-write-mode').scrollIntoViewIfNeeded();
    await screenshot(page, 'backfill-write-mode');
    await page.getByTestId('bf-mode-pick-fixed').click();
    await page.getByTestId('bf-wcu').fill('150');
    await page.getByTestId('bf-rcu').fill('300');
    await waitForText(page.getByTestId('safety-pitr'), 'off');

    // Without the table's name typed, the UI does not start it.
    expect(await page.getByTestId('bf-start').isDisabled()).toBe(true);
    await waitForText(page.getByTestId('bf-start-blocked'), `Type ${TABLE}`, { contains: true });
    // Confirmed but not recoverable (PITR off, no backup): the engine refuses, in words.
    await page.getByTestId('safety-confirm').fill(TABLE);
    await page.getByTestId('bf-start').click();
    await waitForText(page.getByTestId('bf-refusal'), 'Point-in-time recovery is off', { contains: true, timeoutMs: 30_000 });
    const refusal = (await page.getByTestId('bf-refusal').textContent())!;
    expect(refusal).toContain('SafetyCheckFailed');
    // In the UI's words: the controls to use, not the command line's flags.
    expect(refusal).toContain('or tick “Start without point-in-time recovery or a backup anyway”');
    expect(refusal).not.toMatch(/--[a-z]/);
    await screenshot(page, 'backfill-refused', true);
    expect(await scanAll(localClient(sandbox), TABLE)).toHaveLength(ROWS);

    // PITR turned on through the UI, then it starts and runs.
    await page.getByTestId('safety-enable-pitr').click();
    await waitForText(page.getByTestId('safety-pitr'), 'on');
    await page.getByTestId('bf-start').click();
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor({ timeout: 30_000 });
    await waitFor(async () => (await count(page, 'stat-scanned')) > 0 || (await dashboard.getByTestId('job-state').textContent()) === 'completed', 30_000, 'the scan to start');
    // The dashboard's mode switch, as a load's: the backfill's write mode in force.
    await waitForText(page.getByTestId('mode-current'), 'fixed at 150 WCU/s');
    await page.getByTestId('read-rate-number').fill('400');
    await page.getByTestId('apply-read-rate').click();
    await waitForText(page.getByTestId('stat-rate'), '400 RCU/s', { contains: true });
    await waitFor(async () => (await count(page, 'stat-changed')) >= 200 || (await dashboard.getByTestId('job-state').textContent()) === 'completed', 60_000, 'the first 200 deletions');
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await screenshot(page, 'backfill-dashboard-running');
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });

    const doomed = rows.filter((r) => r.acquired < CUT).length;
    expect(doomed).toBeGreaterThan(0);
    await waitForText(page.getByTestId('stat-changed'), doomed.toLocaleString('en-US'));
    await waitForText(page.getByTestId('reconciliation'), `scanned ${ROWS.toLocaleString('en-US')} = changed ${doomed.toLocaleString('en-US')} + unchanged ${(ROWS - doomed).toLocaleString('en-US')}`, { contains: true });
    await screenshot(page, 'backfill-dashboard-completed', true);

    const items = await scanAll(localClient(sandbox), TABLE);
    const left = new Set(items.map((i: Record<string, AttributeValue>) => i.pk!.S));
    expect(items).toHaveLength(ROWS - doomed);
    for (const r of rows) expect(left.has(`EV#${r.id}`), `${r.id} acquired ${r.acquired}`).toBe(r.acquired >= CUT);
  });
});
