/**
 * Capacity units for an item size. Per item, rounded up, as DynamoDB charges
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html):
 * a write unit covers 1 KB, a strongly consistent read unit 4 KB, an eventually
 * consistent read half of that. Pure: shared/ imports no Node built-ins.
 */

const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;

/** WCU for one standard (non-transactional) write of an item of this size; at least 1, since even an empty write is charged. */
export function writeUnitsForSize(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / WRITE_UNIT_BYTES));
}

/**
 * RCU for reading this many bytes: 4 KB units rounded up, halved when eventually
 * consistent. For a Query or Scan pass the summed size of the page, since DynamoDB
 * rounds the page, not each item.
 */
export function readUnitsForSize(sizeBytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(sizeBytes / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}
