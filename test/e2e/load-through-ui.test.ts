import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli, type CliProcess } from '../support/built-app';
import { localClient, scanAll, waitFor } from '../support/table-reader';
import { chromiumPath } from './chromium-path';
import { waitForText, waitForValue } from './ui-wait';

const ROWS = 10_000;
const SCREENSHOTS = resolve(ROOT, 'docs/screenshots');

describe('a load through the UI in web mode', () => {
  let dir: string;
  let web: CliProcess;
  let browser: Browser;
  let page: Page;
  let url: string;
  let sandbox: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-e2e-'));
    const sample = await runCli(['sample', '--rows', String(ROWS), '--out', join(dir, 'customers.csv')]);
    expect(sample.code).toBe(0);
    web = startCli(['web', '--port', '0', '--data-dir', join(dir, 'data')]);
    sandbox = (await web.waitForLine(/Sandbox: (http:\/\/\S+)/))[1]!;
    url = (await web.waitForLine(/open (http:\/\/\S+)/))[1]!;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    web?.child.kill('SIGTERM');
    await web?.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a WebSocket without the launch token', async () => {
    await page.goto(url.replace(/token=[^&]+/, 'token=wrong'));
    await waitForText(page.getByTestId('error-banner'), 'Cannot reach the Capstan engine', { contains: true });
  });

  it('imports a 10,000-row sample, pausing and resuming, and the table holds exactly the file', async () => {
    await page.goto(url);
    await page.getByTestId('app-ready').waitFor();
    await waitForText(page.getByTestId('connection'), 'Sandbox', { contains: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'load-wizard-empty.png') });

    await page.getByTestId('source-path').fill(join(dir, 'customers.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'customer_id', { contains: true });

    await page.getByTestId('new-table').click();
    await page.getByTestId('new-table-name').fill('customers');
    await page.getByTestId('new-table-pk').fill('pk');
    await page.getByTestId('create-table').click();
    await waitForValue(page.getByTestId('target-table'), 'customers', 30_000);

    await page.getByTestId('key-template-pk').fill('CUST#{customer_id}');
    await page.getByTestId('rate-input').fill('1000');
    await page.screenshot({ path: join(SCREENSHOTS, 'load-wizard-filled.png'), fullPage: true });
    await page.getByTestId('start-load').click();

    await page.getByTestId('job-dashboard').waitFor();
    await waitForText(page.getByTestId('job-dashboard').getByTestId('job-state'), 'running', { timeoutMs: 30_000 });
    const written = async () => Number((await page.getByTestId('stat-written').textContent())!.replace(/,/g, ''));
    await waitFor(async () => (await written()) >= 5_000, 60_000, 'the first 5,000 items');
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-running.png') });

    // Pause: the count must stop moving.
    await page.getByTestId('pause-job').click();
    await waitForText(page.getByTestId('job-dashboard').getByTestId('job-state'), 'paused');
    let previous = -1;
    let stableSince = Date.now();
    await waitFor(async () => {
      const now = await written();
      if (now !== previous) {
        previous = now;
        stableSince = Date.now();
      }
      return Date.now() - stableSince >= 2_000;
    }, 20_000, 'the written count to hold still while paused', 100);
    expect(previous).toBeLessThan(ROWS);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-paused.png') });

    await page.getByTestId('resume-job').click();
    await waitForText(page.getByTestId('job-dashboard').getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await waitForText(page.getByTestId('stat-written'), '10,000');
    await waitForText(page.getByTestId('stat-rejected'), '0');
    await waitForText(page.getByTestId('reconciliation'), 'read 10,000 = written 10,000 + rejected 0 + pending 0', { contains: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-completed.png') });

    const csv = (await readFile(join(dir, 'customers.csv'), 'utf8')).trim().split('\n').slice(1);
    const expected = new Map(csv.map((line) => {
      const [id, acquired, created, updated] = line.split(',');
      return [`CUST#${id}`, { acquired, created, updated }];
    }));
    const items = await scanAll(localClient(sandbox), 'customers');
    expect(items).toHaveLength(ROWS);
    for (const item of items) {
      const row = expected.get(item.pk!.S!);
      expect(row, `unexpected item ${item.pk?.S}`).toBeDefined();
      expect(item.acquisition_date?.S).toBe(row!.acquired);
      expect(item.last_updated_timestamp?.S).toBe(row!.updated);
    }
  });
});
