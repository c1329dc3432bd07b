import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../electron/engine/s3/s3-client';
import type { CommandName } from '../../../shared/contract';
import type { HostFolderListing, S3Listing } from '../../../shared/source-browsing';
import { CONFINED_CSV as CSV, startConfinedHost, type ConfinedHost } from './confined-host';

/**
 * Web mode's file chooser lists only what the roots named at launch hold: `..`, a
 * symlinked folder leading out and hidden folders are refused in words, and entries that
 * lead out (symlinks to files or folders outside) are not even shown. An `s3://` preview
 * is read with the named connection and never meets the local path guard.
 */
describe('web mode file chooser and S3 preview through the host', () => {
  let host: ConfinedHost;
  let root: string;
  let outside: string;
  let dataDir: string;
  let s3: S3Client;
  const call = (name: CommandName, payload: unknown) => host.call(name, payload);
  const names = (answer: { value?: unknown }) => (answer.value as HostFolderListing).entries.map((e) => `${e.kind}:${e.name}`);

  beforeAll(async () => {
    host = await startConfinedHost('capstan-chooser-', {
      prepare: async (layout) => {
        await mkdir(join(layout.root, 'folder', 'deeper'), { recursive: true });
        await writeFile(join(layout.root, '.env'), 'SECRET=1\n');
        await symlink(join(layout.root, 'ok.csv'), join(layout.root, 'folder', 'inside-link.csv'));
      },
    });
    ({ root, outside, dataDir } = host);
    s3 = createS3Client({ region: 'us-east-1', endpoint: host.engine.sandboxEndpoint, auth: { kind: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'warehouse' }));
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'unload/part-0.csv', Body: 'customer_id,name\nc9,Hedy\n' }));
  });

  afterAll(async () => {
    s3?.destroy();
    await host?.close();
  });

  it('without a path lists the allowed roots, and only them', async () => {
    const answer = await call('listHostFolder', {});
    expect(answer.ok).toBe(true);
    expect((answer.value as HostFolderListing).entries.map((e) => e.path)).toEqual([root, dataDir]);
  });

  it('lists a root without hidden entries or symlinks that lead out; a root has no parent', async () => {
    const answer = await call('listHostFolder', { path: root });
    expect(names(answer)).toEqual(['folder:folder', 'file:ok.csv']);
    expect((answer.value as HostFolderListing).parent).toBeNull();
    const sub = await call('listHostFolder', { path: join(root, 'folder') });
    expect(names(sub)).toEqual(['folder:deeper', 'file:a.csv', 'file:inside-link.csv']);
    expect((sub.value as HostFolderListing).parent).toBe(root);
    expect((sub.value as HostFolderListing).entries.find((e) => e.name === 'inside-link.csv')?.path).toBe(join(root, 'ok.csv'));
    expect((sub.value as HostFolderListing).entries.find((e) => e.name === 'a.csv')?.sizeBytes).toBe(CSV.length);
  });

  it('refuses in words every way out: .., a symlinked folder, outside, hidden, the filesystem root', async () => {
    const ways = [`${root}/..`, `${root}/folder/../..`, join(root, 'dirlink'), `${root}/dirlink/..`, outside, join(root, '.aws'), '/', '/etc', `file://${outside}`];
    for (const path of ways) {
      const answer = await call('listHostFolder', { path });
      expect(answer, path).toMatchObject({ ok: false, name: 'PathNotAllowed' });
      expect(answer.message, path).toMatch(/web mode|--allow-dir/);
    }
  });

  it('a file is not a folder, and a missing folder says so', async () => {
    expect(await call('listHostFolder', { path: join(root, 'ok.csv') })).toMatchObject({ ok: false, message: expect.stringContaining('is a file, not a folder') });
    expect(await call('listHostFolder', { path: join(root, 'gone') })).toMatchObject({ ok: false, message: expect.stringContaining('does not exist') });
  });

  it('previews an s3:// source with the named connection, never through the local path guard', async () => {
    const answer = await call('previewSource', { path: 's3://warehouse/unload/', connectionId: 'sandbox' });
    expect(answer).toMatchObject({ ok: true, value: { format: 'csv', rows: [{ customer_id: 'c9', name: 'Hedy' }] } });
    const without = await call('previewSource', { path: 's3://warehouse/unload/' });
    expect(without).toMatchObject({ ok: false, message: expect.stringContaining('needs the connection') });
  });

  it('lists an S3 prefix level by level, a page of 100 objects at a time, with the count and size of all', async () => {
    for (let i = 0; i < 130; i++) await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: `many/part-${String(i).padStart(3, '0')}.csv${i % 2 ? '.gz' : ''}`, Body: 'x'.repeat(i) }));
    await s3.send(new PutObjectCommand({ Bucket: 'warehouse', Key: 'many/_SUCCESS', Body: '' }));
    const top = await call('listS3Prefix', { connectionId: 'sandbox', url: 's3://warehouse/' });
    expect(top).toMatchObject({ ok: true, value: { folders: ['s3://warehouse/many/', 's3://warehouse/unload/'], objectCount: 131, countComplete: true } });
    const first = (await call('listS3Prefix', { connectionId: 'sandbox', url: 's3://warehouse/many/' })).value as S3Listing;
    expect(first).toMatchObject({ objectCount: 130, totalBytes: (129 * 130) / 2, countComplete: true });
    // A page is 100 keys as listed; the _SUCCESS flag (sorted first) is dropped from it.
    expect(first.objects).toHaveLength(99);
    expect(first.nextPageToken).not.toBeNull();
    const second = (await call('listS3Prefix', { connectionId: 'sandbox', url: 's3://warehouse/many/', pageToken: first.nextPageToken })).value as S3Listing;
    expect(second.objects.map((o) => o.key)).toEqual(Array.from({ length: 31 }, (_, i) => `many/part-${String(99 + i).padStart(3, '0')}.csv${(99 + i) % 2 ? '.gz' : ''}`));
    expect(second.nextPageToken).toBeNull();
    const gz = (await call('listS3Prefix', { connectionId: 'sandbox', url: 's3://warehouse/many/*.csv.gz' })).value as S3Listing;
    expect(gz).toMatchObject({ folderPrefix: 'many/', objectCount: 65 });
    expect(gz.objects.every((o) => o.key.endsWith('.csv.gz'))).toBe(true);
    expect(await call('listS3Prefix', { connectionId: 'sandbox', url: 's3://no-such-bucket/' })).toMatchObject({ ok: false, message: expect.stringContaining('s3://no-such-bucket/: the bucket does not exist') });
  });
});
