import { writeFile } from 'node:fs/promises';
import * as arrow from 'apache-arrow';
import * as parquetWasm from 'parquet-wasm';

/**
 * Parquet test files written by a second, independent implementation (Apache Arrow's
 * Rust writer through parquet-wasm), so the reader is checked against files it did not
 * write itself: every codec, DECIMAL, timestamps, nested types, row groups.
 */

/** Codecs the fixtures are written with. */
export type FixtureCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'ZSTD';

/** How a fixture is written. */
export interface FixtureOptions {
  codec?: FixtureCodec;
  /** Rows per row group (the writer's default is about a million). */
  rowGroupRows?: number;
  /** Dictionary encoding on (the writer's default) or off. */
  dictionary?: boolean;
}

/** A table as Parquet bytes. */
export function parquetBytesOf(table: arrow.Table, options: FixtureOptions = {}): Uint8Array {
  let builder = new parquetWasm.WriterPropertiesBuilder().setCompression(parquetWasm.Compression[options.codec ?? 'SNAPPY']);
  if (options.rowGroupRows) builder = builder.setMaxRowGroupSize(options.rowGroupRows);
  if (options.dictionary === false) builder = builder.setDictionaryEnabled(false);
  return parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), builder.build());
}

/** Writes a table as a Parquet file. */
export async function writeParquetFixture(path: string, table: arrow.Table, options: FixtureOptions = {}): Promise<void> {
  await writeFile(path, parquetBytesOf(table, options));
}

/** A field (nullable unless said otherwise). */
export function field(name: string, type: arrow.DataType, nullable = true): arrow.Field {
  return new arrow.Field(name, type, nullable);
}

function validity(present: boolean[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(present.length / 8));
  present.forEach((ok, i) => {
    if (ok) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount: present.filter((ok) => !ok).length };
}

/** An INT64 column from bigints (null allowed). */
export function int64Vector(values: (bigint | null)[]): arrow.Vector {
  const data = BigInt64Array.from(values.map((v) => v ?? 0n));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Int64(), length: values.length, data, ...validity(values.map((v) => v !== null)) }));
}

/** A DECIMAL(precision, scale) column (128-bit) from unscaled bigints: 12345n with scale 2 is 123.45. */
export function decimalVector(unscaled: (bigint | null)[], precision: number, scale: number): arrow.Vector {
  const data = new Uint32Array(unscaled.length * 4);
  unscaled.forEach((value, i) => {
    let v = BigInt.asUintN(128, value ?? 0n);
    for (let word = 0; word < 4; word++) {
      data[i * 4 + word] = Number(v & 0xffffffffn);
      v >>= 32n;
    }
  });
  return arrow.makeVector(arrow.makeData({ type: new arrow.Decimal(scale, precision, 128), length: unscaled.length, data, ...validity(unscaled.map((v) => v !== null)) }));
}

/** A TIMESTAMP column from ticks of the unit; `timezone` "UTC" makes it UTC-adjusted, none makes it local. */
export function timestampVector(ticks: (bigint | null)[], unit: 'ms' | 'us' | 'ns', timezone?: string): arrow.Vector {
  const type = unit === 'ms' ? new arrow.TimestampMillisecond(timezone) : unit === 'us' ? new arrow.TimestampMicrosecond(timezone) : new arrow.TimestampNanosecond(timezone);
  const data = BigInt64Array.from(ticks.map((v) => v ?? 0n));
  return arrow.makeVector(arrow.makeData({ type, length: ticks.length, data, ...validity(ticks.map((v) => v !== null)) }));
}

/** A DATE column from days since 1970-01-01. */
export function dateVector(days: (number | null)[]): arrow.Vector {
  const data = Int32Array.from(days.map((v) => v ?? 0));
  return arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: days.length, data, ...validity(days.map((v) => v !== null)) }));
}

/** A column of the given type from JS values (strings, numbers, booleans, arrays, objects, Maps). */
export function vectorOf(type: arrow.DataType, values: unknown[]): arrow.Vector {
  return arrow.vectorFromArray(values, type);
}

/** A table from named vectors. */
export function tableOf(columns: Record<string, arrow.Vector>): arrow.Table {
  return new arrow.Table(columns);
}

export { arrow };
