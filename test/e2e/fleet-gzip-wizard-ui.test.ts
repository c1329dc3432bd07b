import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../electron/engine/s3/s3-client';
import { formatBytes } from '../../shared/format';
import { SCREENSHOTS } from './screenshots';
import { waitForText, waitForValue } from './ui-wait';
import { startFleetWebMode, useSandboxAsEndpoint, type FleetWebMode } from './fleet-web-mode';

/** Rows of hashes (incompressible, the same every run): a gzip object of about 1.4 MB. */
function bigCsv(seed: string): Buffer {
  const rows = Array.from({ length: 20_000 }, (_, i) => `${seed}#${i},${createHash('sha256').update(`${seed} ${i}`).digest('hex')}${createHash('sha256').update(`${i} ${seed}`).digest('hex')}`);
  return Buffer.from(`pk,padding\n${rows.join('\n')}\n`);
}

/**
 * The load wizard with an S3 source on a fleet: the gzip objects of the listing above the
 * range size are named under "Run on" (each is one shard, read by one worker); smaller gzip
 * objects and uncompressed ones are not, and a range size above them all names none.
 */
describe('big gzip objects in the wizard, on a fleet', () => {
  let app: FleetWebMode;
  let page: Page;
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    app = await startFleetWebMode({ name: 'fleet-gzip-wizard', tables: [], workers: 0 });
    page = app.page;
    const s3 = createS3Client({ region: 'us-east-1', endpoint: app.sandbox, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'warehouse' }));
    const objects: Record<string, Buffer> = {
      'mixed/a.csv.gz': gzipSync(bigCsv('A')),
      'mixed/b.csv.gz': gzipSync(bigCsv('B')),
      'mixed/plain.csv': bigCsv('P'),
      'mixed/small.csv.gz': gzipSync('pk,padding\nS#1,x\n'),
    };
    for (const [key, body] of Object.entries(objects)) {
      await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: key, Body: body }));
      sizes[key] = body.length;
    }
    s3.destroy();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('names the gzip objects above the range size as one shard each, and only while the fleet is chosen', async () => {
    expect(sizes['mixed/a.csv.gz']).toBeGreaterThan(1024 * 1024);
    expect(sizes['mixed/small.csv.gz']).toBeLessThan(1024 * 1024);
    await useSandboxAsEndpoint(page, app.sandbox);
    await page.getByTestId('nav-load').click();
    await page.getByTestId('load-wizard').waitFor();
    await page.getByTestId('source-kind-s3').click();
    await waitForText(page.getByTestId('s3-bucket').locator('option').nth(1), 'warehouse');
    await page.getByTestId('s3-bucket').selectOption('warehouse');
    await page.getByTestId('s3-prefix').fill('mixed/');
    await waitForText(page.getByTestId('s3-summary'), '4 objects', { contains: true });
    await page.getByTestId('run-on-fleet').check();
    await page.getByTestId('fleet-queue-url').fill(app.queue);
    // The default range size (64 MB) is above every object: none is named.
    await waitForValue(page.getByTestId('fleet-range-mb'), '64');
    expect(await page.getByTestId('fleet-gzip-objects').count()).toBe(0);

    await page.getByTestId('fleet-range-mb').fill('1');
    const words = `mixed/a.csv.gz (${formatBytes(sizes['mixed/a.csv.gz']!)}), mixed/b.csv.gz (${formatBytes(sizes['mixed/b.csv.gz']!)}) are gzip and above the range size: each is one shard, read by one worker from start to end (gzip cannot be entered in the middle). To share them among workers, store them uncompressed or as several smaller objects.`;
    await waitForText(page.getByTestId('fleet-gzip-objects'), words);
    const card = page.getByTestId('run-on').locator('xpath=ancestor::section[1]');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(SCREENSHOTS, 'wizard-run-on-gzip.png') });

    // A glob down to one object: named alone.
    await page.getByTestId('s3-glob').fill('b.*');
    await waitForText(page.getByTestId('fleet-gzip-objects'), `mixed/b.csv.gz (${formatBytes(sizes['mixed/b.csv.gz']!)}) is gzip and above the range size: it is one shard`, { contains: true });
    // This machine: no shards, no note.
    await page.getByTestId('run-on-local').check();
    expect(await page.getByTestId('fleet-gzip-objects').count()).toBe(0);
  }, 120_000);
});
