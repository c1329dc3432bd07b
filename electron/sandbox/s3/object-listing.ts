/**
 * One page of an S3 listing over a bucket's sorted keys: prefix, delimiter (keys sharing
 * the part up to the next delimiter collapse into one common prefix), a start point after
 * which to begin, and a page size. ListObjectsV2 and ListObjects (v1) both use it; their
 * continuation token and marker are the last key or common prefix a page returned.
 */

/** S3's key order: UTF-8 byte order, which is code-point order (not UTF-16 unit order). */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (U+D800..DFFF, halves of code points above U+FFFF) must sort after U+E000..FFFF.
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** What a listing asks for. */
export interface ListingQuery {
  prefix: string;
  delimiter: string;
  /** Begin strictly after this key (StartAfter, a continuation token or a v1 marker). */
  startAfter: string;
  maxKeys: number;
}

/** One page: keys and common prefixes in order, and where the next page starts. */
export interface ListingPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of this page (the next page's start) when truncated. */
  nextStartAfter: string | undefined;
}

function firstIndexAbove(sortedKeys: readonly string[], bound: string, inclusive: boolean): number {
  let low = 0;
  let high = sortedKeys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compareKeys(sortedKeys[mid] as string, bound);
    if (order < 0 || (order === 0 && !inclusive)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Lists one page of `sortedKeys` (sorted with `compareKeys`). */
export function listPage(sortedKeys: readonly string[], query: ListingQuery): ListingPage {
  const { prefix, delimiter, startAfter, maxKeys } = query;
  if (maxKeys <= 0) return { keys: [], commonPrefixes: [], isTruncated: false, nextStartAfter: undefined };
  const fromPrefix = firstIndexAbove(sortedKeys, prefix, true);
  const fromStart = startAfter ? firstIndexAbove(sortedKeys, startAfter, false) : 0;
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  for (let i = Math.max(fromPrefix, fromStart); i < sortedKeys.length; i++) {
    const key = sortedKeys[i] as string;
    if (!key.startsWith(prefix)) break;
    let entry = key;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        // Keys under a common prefix already returned (on this page or before it) fold into it.
        if (entry === last || entry === startAfter) continue;
      }
    }
    if (keys.length + commonPrefixes.length >= maxKeys) return { keys, commonPrefixes, isTruncated: true, nextStartAfter: last };
    if (isPrefix) commonPrefixes.push(entry);
    else keys.push(entry);
    last = entry;
  }
  return { keys, commonPrefixes, isTruncated: false, nextStartAfter: undefined };
}
