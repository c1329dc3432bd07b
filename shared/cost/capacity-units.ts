import { requireNonNegative, requirePositive } from './cost-input-error';

/**
 * How DynamoDB turns bytes into billed units. Writes round up per item per 1 KB;
 * Query/Scan reads sum a response's item sizes and then round up per 4 KB, and an
 * eventually consistent read costs half.
 */

/** DynamoDB's kilobyte for capacity purposes. */
export const BYTES_PER_KB = 1024;

/** Bytes one read unit covers for a strongly consistent read. */
export const READ_UNIT_BYTES = 4 * BYTES_PER_KB;

/**
 * Write units (WCU or WRU) one standard write of an item of this size costs: 1 per KB,
 * rounded up, at least 1. Estimating from an average size under-counts a little when
 * sizes vary around a KB boundary; pass a high percentile when that matters.
 */
export function writeUnitsPerItem(itemBytes: number): number {
  requirePositive(itemBytes, 'Item size in bytes');
  return Math.max(1, Math.ceil(itemBytes / BYTES_PER_KB));
}

/** Inputs for the read side of a backfill: an eventually consistent Scan. */
export interface ScanReadInput {
  itemsScanned: number;
  itemBytes: number;
  /**
   * Items per Scan response (the `Limit`); each response is rounded up to 4 KB on its
   * own, which matters for the small pages a shuffled scan pulls. Omit to round once
   * over the whole scan.
   */
  pageItems?: number;
}

/**
 * Read units an eventually consistent Scan costs: bytes per response rounded up to
 * 4 KB, halved. Returns fractional units because half units are what is billed.
 */
export function scanReadUnits(input: ScanReadInput): number {
  const items = requireNonNegative(input.itemsScanned, 'Items scanned');
  const bytes = requirePositive(input.itemBytes, 'Scanned item size in bytes');
  if (items === 0) return 0;
  if (input.pageItems === undefined) {
    return Math.ceil((items * bytes) / READ_UNIT_BYTES) / 2;
  }
  const pageItems = requirePositive(input.pageItems, 'Items per Scan page');
  const fullPages = Math.floor(items / pageItems);
  const lastPageItems = items - fullPages * pageItems;
  const unitsPerFullPage = Math.ceil((pageItems * bytes) / READ_UNIT_BYTES);
  const unitsLastPage = Math.ceil((lastPageItems * bytes) / READ_UNIT_BYTES);
  return (fullPages * unitsPerFullPage + unitsLastPage) / 2;
}
