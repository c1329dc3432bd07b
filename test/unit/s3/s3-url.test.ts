import { describe, expect, it } from 'vitest';
import { isS3Url, keyMatcher, parseS3Url } from '../../../electron/engine/s3/s3-url';

describe('s3:// addresses', () => {
  it('reads a prefix, a glob and a single object', () => {
    expect(parseS3Url('s3://warehouse/unload/')).toEqual({ bucket: 'warehouse', prefix: 'unload/', pattern: null, isPrefix: true });
    expect(parseS3Url('s3://warehouse')).toEqual({ bucket: 'warehouse', prefix: '', pattern: null, isPrefix: true });
    expect(parseS3Url('s3://warehouse/unload/*.csv.gz')).toEqual({ bucket: 'warehouse', prefix: 'unload/', pattern: 'unload/*.csv.gz', isPrefix: false });
    expect(parseS3Url('s3://warehouse/unload/part-0*.csv')).toMatchObject({ prefix: 'unload/part-0', pattern: 'unload/part-0*.csv' });
    expect(parseS3Url('s3://warehouse/unload/part-000.csv')).toEqual({ bucket: 'warehouse', prefix: 'unload/part-000.csv', pattern: null, isPrefix: false });
  });
  it('refuses an address without a bucket, in words', () => {
    expect(() => parseS3Url('s3:///unload/')).toThrow(/names no bucket/);
    expect(isS3Url('S3://b/k')).toBe(true);
    expect(isS3Url('/data/s3://b')).toBe(false);
  });
  it('matches keys with * inside one level and ** across levels', () => {
    const oneLevel = keyMatcher('unload/*.csv.gz');
    expect(['unload/a.csv.gz', 'unload/a.csv', 'unload/sub/b.csv.gz'].filter(oneLevel)).toEqual(['unload/a.csv.gz']);
    expect(keyMatcher('unload/**/*.csv')('unload/x/y/z.csv')).toBe(true);
  });
});
