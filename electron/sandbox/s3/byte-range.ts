/**
 * Reads an HTTP `Range: bytes=...` header the way S3 does: one range only; a range that
 * starts past the end is unsatisfiable (416); anything S3 would not understand (several
 * ranges, other units, garbage) is ignored and the whole object is served.
 */

/** An inclusive byte range inside an object. */
export interface ByteRange {
  startByte: number;
  endByteInclusive: number;
}

/** The range to serve, `'unsatisfiable'`, or undefined for the whole object. */
export function parseByteRange(header: string | undefined, sizeBytes: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffixBytes = Number(last);
    if (suffixBytes === 0) return 'unsatisfiable';
    if (sizeBytes === 0) return undefined;
    return { startByte: Math.max(0, sizeBytes - suffixBytes), endByteInclusive: sizeBytes - 1 };
  }
  const startByte = Number(first);
  const endByte = last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
  if (last !== '' && Number(last) < startByte) return undefined;
  if (startByte >= sizeBytes) return 'unsatisfiable';
  return { startByte, endByteInclusive: endByte };
}
