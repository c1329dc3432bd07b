import picomatch from 'picomatch';

/**
 * An `s3://bucket/...` address as the engine reads it: one object, every object under a
 * prefix (`s3://b/unload/`), or the objects a glob matches (`s3://b/unload/*.csv.gz`).
 * Listing starts at the literal part before the first wildcard, so only that part of the
 * bucket is walked.
 */
export interface S3Address {
  bucket: string;
  /** The key's literal start: what ListObjectsV2 is asked for. */
  prefix: string;
  /** The whole key pattern when it has wildcards; null for a prefix or one object. */
  pattern: string | null;
  /** True when the address ends with `/` (or is the bucket): every object under it. */
  isPrefix: boolean;
}

/** Whether a source path or output names S3. */
export function isS3Url(path: string): boolean {
  return /^s3:\/\//i.test(path);
}

/** Reads an `s3://` address; throws in words when it names no bucket. */
export function parseS3Url(url: string): S3Address {
  const match = /^s3:\/\/([^/]*)\/?(.*)$/is.exec(url.trim());
  const bucket = match?.[1] ?? '';
  if (!match || bucket === '') throw new Error(`"${url}" names no bucket: write s3://bucket/prefix/, s3://bucket/prefix/*.csv.gz or s3://bucket/key`);
  const key = match[2] ?? '';
  const scan = picomatch.scan(key);
  if (scan.isGlob) {
    // `base` is the folder part before the first wildcard; keep the literal text after it too.
    const firstWildcard = key.search(/[*?[{(!+@]/);
    return { bucket, prefix: key.slice(0, Math.max(0, firstWildcard)), pattern: key, isPrefix: false };
  }
  return { bucket, prefix: key, pattern: null, isPrefix: key === '' || key.endsWith('/') };
}

/** The `s3://` name of one object. */
export function s3ObjectUrl(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** A key filter for a glob pattern (`*` stays within one `/` level, `**` crosses them). */
export function keyMatcher(pattern: string): (key: string) => boolean {
  const matches = picomatch(pattern, { dot: true });
  return (key) => matches(key);
}
