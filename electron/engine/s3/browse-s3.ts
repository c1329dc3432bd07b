import { ListBucketsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3BucketList, S3Listing, S3ListedObject } from '../../../shared/source-browsing';
import { addressedKeys } from './list-s3-objects';
import { explainS3Error } from './s3-client';
import { parseS3Url, s3ObjectUrl } from './s3-url';

/** Objects shown on one page of a listing. */
const PAGE_OBJECTS = 100;
/** Counting walks at most this many ListObjectsV2 pages (1,000 keys each), so a huge prefix answers in seconds. */
const COUNT_PAGES = 100;

/** The buckets a connection can list, by name. */
export async function listS3Buckets(client: S3Client): Promise<S3BucketList> {
  try {
    const answer = await client.send(new ListBucketsCommand({}));
    return { buckets: (answer.Buckets ?? []).map((b) => b.Name ?? '').filter((name) => name !== '').sort() };
  } catch (error) {
    throw new Error(explainS3Error(error, 'Listing the buckets'), { cause: error });
  }
}

/**
 * One level of an S3 address for the wizard's prefix browser: its sub-prefixes, a page
 * of the objects a load of the address reads (the same filter as the load's own
 * listing), and their count and total size over every page (up to 100,000 keys walked;
 * `countComplete` says whether the count is whole). A missing bucket or refused access
 * comes back in words naming the address.
 */
export async function listS3Prefix(client: S3Client, url: string, pageToken?: string): Promise<S3Listing> {
  const address = parseS3Url(url);
  const wanted = addressedKeys(address);
  const folderPrefix = address.prefix.slice(0, address.prefix.lastIndexOf('/') + 1);
  try {
    const [level, page, count] = await Promise.all([
      client.send(new ListObjectsV2Command({ Bucket: address.bucket, Prefix: folderPrefix, Delimiter: '/', MaxKeys: 1000 })),
      objectsPage(client, address.bucket, address.prefix, wanted, pageToken),
      countObjects(client, address.bucket, address.prefix, wanted),
    ]);
    return {
      url, bucket: address.bucket, folderPrefix,
      folders: (level.CommonPrefixes ?? []).map((p) => s3ObjectUrl(address.bucket, p.Prefix ?? '')),
      objects: page.objects, nextPageToken: page.nextPageToken,
      objectCount: count.objects, totalBytes: count.bytes, countComplete: count.complete,
    };
  } catch (error) {
    throw new Error(explainS3Error(error, `Listing ${url}`), { cause: error });
  }
}

/** A page of at least one wanted object (or the end), skipping pages whose keys the filter drops. */
async function objectsPage(client: S3Client, bucket: string, prefix: string, wanted: (key: string, size: number) => boolean, pageToken: string | undefined): Promise<{ objects: S3ListedObject[]; nextPageToken: string | null }> {
  const objects: S3ListedObject[] = [];
  let token = pageToken;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: PAGE_OBJECTS }));
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? '';
      if (wanted(key, object.Size ?? 0)) objects.push({ key, url: s3ObjectUrl(bucket, key), sizeBytes: object.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && objects.length === 0);
  return { objects, nextPageToken: token ?? null };
}

async function countObjects(client: S3Client, bucket: string, prefix: string, wanted: (key: string, size: number) => boolean): Promise<{ objects: number; bytes: number; complete: boolean }> {
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  for (let pages = 0; pages < COUNT_PAGES; pages++) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (!wanted(object.Key ?? '', object.Size ?? 0)) continue;
      objects += 1;
      bytes += object.Size ?? 0;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (!token) return { objects, bytes, complete: true };
  }
  return { objects, bytes, complete: false };
}
