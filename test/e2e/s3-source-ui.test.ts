import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../electron/engine/s3/s3-client';
import { scanAll, waitFor } from '../support/table-reader';
import { screenshot } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const OBJECTS = 6;
const ROWS_PER_OBJECT = 400;

/** Row `i` of the warehouse unload: an order with an exact decimal amount. */
function row(i: number): string {
  return `O${String(i).padStart(5, '0')},C${i % 37},${(i * 7) % 1000}.${String(i % 100).padStart(2, '0')}`;
}

/**
 * The load wizard picks an S3 source in web mode: a bucket of the sandbox connection, a
 * prefix browsed to, a glob; the listing counts what will load; the preview of the first
 * object pins the same types as a local file's; the job loads the table equal to the
 * objects. The web file chooser lists only what --allow-dir allows.
 */
describe('the load wizard with an S3 source (web mode, the sandbox S3)', () => {
  let wm: WebMode;
  let dir: string;
  let page: Page;
  let s3: S3Client;
  const expected = new Map<string, { customer: string; amount: string }>();

  beforeAll(async () => {
    wm = await startWebMode({
      name: 's3-source',
      prepare: (folder) => writeFile(join(folder, 'local.csv'), 'order_id,customer,amount\nL1,C1,1.50\n'),
      tables: [onDemandTable('orders', 'order_id')],
    });
    ({ page } = wm);
    dir = await realpath(wm.dir);
    s3 = createS3Client({ region: 'us-east-1', endpoint: wm.sandbox, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'warehouse' }));
    for (let o = 0; o < OBJECTS; o++) {
      const rows = Array.from({ length: ROWS_PER_OBJECT }, (_, r) => row(o * ROWS_PER_OBJECT + r));
      for (const line of rows) {
        const [id, customer, amount] = line.split(',');
        expected.set(id!, { customer: customer!, amount: amount! });
      }
      await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: `unload/orders/part-${o}.csv.gz`, Body: gzipSync(`order_id,customer,amount\n${rows.join('\n')}\n`) }));
    }
    // Not data for this load: a Spark flag, a manifest the glob leaves out, another folder.
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'unload/orders/_SUCCESS', Body: '' }));
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'unload/orders/manifest.json', Body: '{"entries":[]}' }));
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'unload/customers/part-0.csv', Body: 'customer_id\nC1\n' }));
  }, 120_000);

  afterAll(async () => {
    s3?.destroy();
    await wm?.close();
  });

  it('picks a bucket, browses to a prefix, filters with a glob, previews, starts, and the table equals the objects', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-kind-s3').click();
    await waitForText(page.getByTestId('s3-bucket').locator('option').nth(1), 'warehouse');
    await page.getByTestId('s3-bucket').selectOption('warehouse');
    await waitForText(page.getByTestId('s3-summary'), `${OBJECTS + 2} objects`, { contains: true });
    await page.getByTestId('s3-folder').filter({ hasText: 'unload/' }).click();
    await page.getByTestId('s3-folder').filter({ hasText: 'orders/' }).click();
    await waitForText(page.getByTestId('s3-url'), 's3://warehouse/unload/orders/');
    await waitForText(page.getByTestId('s3-summary'), `${OBJECTS + 1} objects`, { contains: true });
    await page.getByTestId('s3-glob').fill('*.csv.gz');
    await waitForText(page.getByTestId('s3-url'), 's3://warehouse/unload/orders/*.csv.gz');
    await waitForText(page.getByTestId('s3-summary'), `${OBJECTS} objects`, { contains: true });
    expect(await page.getByTestId('s3-object').allTextContents()).toEqual(Array.from({ length: OBJECTS }, (_, o) => expect.stringContaining(`unload/orders/part-${o}.csv.gz`)));

    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'amount', { contains: true });
    await waitForText(page.getByTestId('column-type-amount').locator('option').first(), 'N (inferred)');
    await screenshot(page, 'wizard-s3-source');

    await page.getByTestId('target-table').selectOption('orders');
    await waitForValue(page.getByTestId('target-table'), 'orders');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');
    // Slow enough (2,400 items at 150 WCU/s: about 16 s) to see the per-object table live,
    // also when a loaded machine's browser is seconds behind the job.
    await page.getByTestId('rate-input').fill('150');
    await page.getByTestId('start-load').click();
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor();
    await waitForText(dashboard.getByTestId('object-audit-summary'), `${OBJECTS} objects`, { contains: true, timeoutMs: 30_000 });
    // Live: while the job runs, objects move from waiting to loading with their counts.
    const liveStates = await waitFor(async () => {
      const states = await dashboard.getByTestId('object-state').allTextContents();
      return states.includes('loading') ? states : null;
    }, 30_000, 'an object shown as loading');
    expect(liveStates).toHaveLength(OBJECTS);
    expect(await dashboard.getByTestId('job-state').textContent()).toContain('running');
    await screenshot(page, 'dashboard-s3-objects');
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await waitForText(dashboard.getByTestId('object-audit-summary'), `${OBJECTS} done · 0 failed`, { contains: true });
    expect(await dashboard.getByTestId('object-state').allTextContents()).toEqual(Array.from({ length: OBJECTS }, () => 'done'));
    const total = OBJECTS * ROWS_PER_OBJECT;
    await waitForText(page.getByTestId('reconciliation'), `read ${total.toLocaleString('en-US')} = written ${total.toLocaleString('en-US')} + rejected 0 + pending 0`, { contains: true });
    const items = await scanAll(wm.client, 'orders');
    expect(items).toHaveLength(total);
    for (const item of items) {
      const want = expected.get(item.order_id!.S!);
      expect(want, item.order_id!.S!).toBeDefined();
      // DynamoDB keeps a number's value, not its trailing zeros: "120.50" reads back as "120.5".
      expect({ customer: item.customer?.S, amount: item.amount?.N }).toEqual({ customer: want!.customer, amount: want!.amount.replace(/\.?0+$/, '') });
    }
  }, 240_000);

  it('the web file chooser lists the allowed folder and picks a file in it', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-kind-local').click();
    await page.getByTestId('host-browse').click();
    await page.getByTestId('host-entry').filter({ hasText: new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
    await waitForText(page.getByTestId('host-folder'), dir);
    expect(await page.getByTestId('host-entry').allTextContents()).toEqual([expect.stringContaining('data'), expect.stringContaining('local.csv')]);
    await page.getByTestId('host-entry').filter({ hasText: 'local.csv' }).click();
    await waitForValue(page.getByTestId('source-path'), join(dir, 'local.csv'));
  });
});
