import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { explainS3Error } from './s3-client';
import { keyMatcher, parseS3Url, s3ObjectUrl, type S3Address } from './s3-url';

/** One listed object: what a source needs to read it and to notice it changed. */
export interface S3ObjectInfo {
  bucket: string;
  key: string;
  /** `s3://bucket/key` */
  url: string;
  sizeBytes: number;
  etag: string;
}

/** Keys that are never data: "folder" markers and the `_SUCCESS` flags of Spark/Hadoop unloads. */
function isData(key: string, sizeBytes: number): boolean {
  if (key.endsWith('/') && sizeBytes === 0) return false;
  const name = key.slice(key.lastIndexOf('/') + 1);
  return !(name.startsWith('_') || name.startsWith('.')) || name === '';
}

/**
 * Which listed keys a load of `address` reads: the glob's matches, everything under a
 * prefix, or one object (or the objects under `key/`), never folder markers or flags.
 */
export function addressedKeys(address: S3Address): (key: string, sizeBytes: number) => boolean {
  const match = address.pattern ? keyMatcher(address.pattern) : null;
  return (key, sizeBytes) => {
    if (match && !match(key)) return false;
    if (!address.isPrefix && !match && key !== address.prefix && !key.startsWith(`${address.prefix}/`)) return false;
    return isData(key, sizeBytes);
  };
}

/**
 * Lists the objects an `s3://` address names, page by page (any number of objects), in
 * key order (S3's order, the same on every listing, so ordinals are stable). An address
 * without a wildcard or a trailing `/` is tried as one object first, then as a prefix.
 * Errors are in words that name the address: a missing bucket, no objects, access denied.
 */
export async function listS3Objects(client: S3Client, url: string): Promise<S3ObjectInfo[]> {
  const address = parseS3Url(url);
  const wanted = addressedKeys(address);
  const found: S3ObjectInfo[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: address.bucket, Prefix: address.prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key ?? '';
        const sizeBytes = object.Size ?? 0;
        if (!wanted(key, sizeBytes)) continue;
        found.push({ bucket: address.bucket, key, url: s3ObjectUrl(address.bucket, key), sizeBytes, etag: object.ETag ?? '' });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw new Error(explainS3Error(error, `Listing ${url}`), { cause: error });
  }
  if (found.length === 0) throw new Error(`Source "${url}" matches no objects`);
  return found;
}
