import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMapping } from '../../../electron/engine/mapping/record-mapper';
import { openLocalParquetBytes } from '../../../electron/engine/source/parquet/parquet-bytes';
import { mappingSchema } from '../../../shared/job-spec';
import { readParquetLayout } from '../../../electron/engine/source/parquet/parquet-layout';
import { arrow, dateVector, decimalVector, field, int64Vector, tableOf, timestampVector, vectorOf, writeParquetFixture, type FixtureCodec } from './parquet-fixture';
import { fixtureFolder, readAll, recordFields } from './parquet-test-helpers';

let folder: Awaited<ReturnType<typeof fixtureFolder>>;
beforeAll(async () => {
  folder = await fixtureFolder();
});
afterAll(async () => {
  await folder.remove();
});

/** Writes one table and reads it back through the load source, as attribute values. */
async function mapped(name: string, columns: Record<string, arrow.Vector>, source: { parquet?: { temporal?: 'iso' | 'epoch-seconds' | 'epoch-ms'; nulls?: 'omit' | 'null' } } = {}, codec: FixtureCodec = 'SNAPPY'): Promise<Record<string, unknown>[]> {
  const path = folder.path(`${name}.parquet`);
  await writeParquetFixture(path, tableOf(columns), { codec });
  const { entries, recordsTotal } = await readAll({ path, format: 'parquet', ...source });
  expect(recordsTotal).toBe(entries.length);
  return recordFields(entries);
}

describe('Parquet numbers map to N exactly', () => {
  it('INT64 beyond 2^53 and at its limits keeps every digit; INT32 too', async () => {
    const rows = await mapped('ints', {
      big: int64Vector([9007199254740993n, -9223372036854775808n, 9223372036854775807n]),
      small: vectorOf(new arrow.Int32(), [2147483647, -2147483648, 0]),
    });
    expect(rows).toEqual([
      { big: { N: '9007199254740993' }, small: { N: '2147483647' } },
      { big: { N: '-9223372036854775808' }, small: { N: '-2147483648' } },
      { big: { N: '9223372036854775807' }, small: { N: '0' } },
    ]);
  });

  it('DECIMAL keeps its scale as exact decimal text, 38 digits included', async () => {
    const rows = await mapped('decimals', {
      price: decimalVector([12345n, -5n, 0n], 9, 2),
      wide: decimalVector([12345678901234567890123456789012345678n, -1n, 10n ** 37n], 38, 10),
      whole: decimalVector([42n, -42n, 0n], 18, 0),
    });
    expect(rows).toEqual([
      { price: { N: '123.45' }, wide: { N: '1234567890123456789012345678.9012345678' }, whole: { N: '42' } },
      { price: { N: '-0.05' }, wide: { N: '-0.0000000001' }, whole: { N: '-42' } },
      { price: { N: '0.00' }, wide: { N: '1000000000000000000000000000.0000000000' }, whole: { N: '0' } },
    ]);
  });

  it('FLOAT and DOUBLE become N as their shortest exact text', async () => {
    const rows = await mapped('floats', {
      f: vectorOf(new arrow.Float32(), [0.1, -2.5]),
      d: vectorOf(new arrow.Float64(), [0.1, 1e21]),
    });
    expect(rows).toEqual([
      { f: { N: '0.1' }, d: { N: '0.1' } },
      { f: { N: '-2.5' }, d: { N: '1000000000000000000000' } },
    ]);
  });
});

describe('Parquet text, binary and booleans', () => {
  it('strings to S, binary to B, BOOLEAN to BOOL', async () => {
    const rows = await mapped('basics', {
      s: vectorOf(new arrow.Utf8(), ['héllo', '']),
      b: vectorOf(new arrow.Binary(), [Uint8Array.from([0, 255, 7]), new Uint8Array(0)]),
      ok: vectorOf(new arrow.Bool(), [true, false]),
    });
    expect(rows).toEqual([
      { s: { S: 'héllo' }, b: { B: Uint8Array.from([0, 255, 7]) }, ok: { BOOL: true } },
      { s: { S: '' }, b: { B: new Uint8Array(0) }, ok: { BOOL: false } },
    ]);
  });
});

describe('Parquet dates and timestamps, ISO or epoch by the operator\'s choice', () => {
  const columns = (): Record<string, arrow.Vector> => ({
    utc: timestampVector([1709294400123456n, -1n], 'us', 'UTC'),
    local: timestampVector([1709294400123n, 0n], 'ms'),
    nanos: timestampVector([1709294400123456789n, 1n], 'ns', 'UTC'),
    day: dateVector([19783, -1]),
  });

  it('ISO text (S) with the unit\'s full fraction, Z only for UTC-adjusted columns', async () => {
    expect(await mapped('iso', columns(), { parquet: { temporal: 'iso' } })).toEqual([
      { utc: { S: '2024-03-01T12:00:00.123456Z' }, local: { S: '2024-03-01T12:00:00.123' }, nanos: { S: '2024-03-01T12:00:00.123456789Z' }, day: { S: '2024-03-01' } },
      { utc: { S: '1969-12-31T23:59:59.999999Z' }, local: { S: '1970-01-01T00:00:00.000' }, nanos: { S: '1970-01-01T00:00:00.000000001Z' }, day: { S: '1969-12-31' } },
    ]);
  });

  it('epoch seconds (N), exact decimals where the unit is finer', async () => {
    expect(await mapped('epoch-s', columns(), { parquet: { temporal: 'epoch-seconds' } })).toEqual([
      { utc: { N: '1709294400.123456' }, local: { N: '1709294400.123' }, nanos: { N: '1709294400.123456789' }, day: { N: '1709251200' } },
      { utc: { N: '-0.000001' }, local: { N: '0' }, nanos: { N: '0.000000001' }, day: { N: '-86400' } },
    ]);
  });

  it('epoch milliseconds (N)', async () => {
    expect(await mapped('epoch-ms', columns(), { parquet: { temporal: 'epoch-ms' } })).toEqual([
      { utc: { N: '1709294400123.456' }, local: { N: '1709294400123' }, nanos: { N: '1709294400123.456789' }, day: { N: '1709251200000' } },
      { utc: { N: '-0.001' }, local: { N: '0' }, nanos: { N: '0.000001' }, day: { N: '-86400000' } },
    ]);
  });
});

describe('Parquet nested types and nulls', () => {
  const nested = (): Record<string, arrow.Vector> => ({
    id: vectorOf(new arrow.Int32(), [1, 2, 3]),
    tags: vectorOf(new arrow.List(field('element', new arrow.Utf8())), [['a', null], [], null]),
    amounts: vectorOf(new arrow.List(field('element', new arrow.Int64())), [null, null, null]),
    address: vectorOf(new arrow.Struct([field('city', new arrow.Utf8()), field('zip', new arrow.Int64())]), [{ city: 'Oslo', zip: 150n }, { city: null, zip: 9007199254740993n }, null]),
    scores: vectorOf(new arrow.Map_(field('entries', new arrow.Struct([field('key', new arrow.Utf8(), false), field('value', new arrow.Int32())]), false)), [new Map([['x', 1], ['y', null]]), new Map(), null]),
    people: vectorOf(new arrow.List(field('element', new arrow.Struct([field('name', new arrow.Utf8()), field('age', new arrow.Int32())]))), [[{ name: 'Ann', age: 40 }], null, [{ name: 'Bo', age: null }]]),
  });

  it('LIST to L, STRUCT and MAP to M; nulls left out (the default), a null inside a list kept as NULL', async () => {
    const rows = await mapped('nested-omit', nested(), { parquet: { nulls: 'omit' } });
    expect(rows).toEqual([
      { id: { N: '1' }, tags: { L: [{ S: 'a' }, { NULL: true }] }, address: { M: { city: { S: 'Oslo' }, zip: { N: '150' } } }, scores: { M: { x: { N: '1' } } }, people: { L: [{ M: { name: { S: 'Ann' }, age: { N: '40' } } }] } },
      { id: { N: '2' }, tags: { L: [] }, address: { M: { zip: { N: '9007199254740993' } } }, scores: { M: {} } },
      { id: { N: '3' }, people: { L: [{ M: { name: { S: 'Bo' } } }] } },
    ]);
  });

  it('with nulls as NULL, every null is kept, at the top and nested', async () => {
    const rows = await mapped('nested-null', nested(), { parquet: { nulls: 'null' } });
    expect(rows[1]).toEqual({ id: { N: '2' }, tags: { L: [] }, amounts: { NULL: true }, address: { M: { city: { NULL: true }, zip: { N: '9007199254740993' } } }, scores: { M: {} }, people: { NULL: true } });
    expect(rows[0]!.scores).toEqual({ M: { x: { N: '1' }, y: { NULL: true } } });
    expect(rows[2]).toMatchObject({ address: { NULL: true }, scores: { NULL: true }, tags: { NULL: true }, people: { L: [{ M: { name: { S: 'Bo' }, age: { NULL: true } } }] } });
  });

  it('a LIST of DECIMAL and of INT64 keeps exact numbers inside the list', async () => {
    const list = (type: arrow.DataType, values: unknown[]): arrow.Vector => vectorOf(new arrow.List(field('element', type)), values);
    const words = (unscaled: bigint): Uint32Array => Uint32Array.from([0, 1, 2, 3].map((w) => Number((BigInt.asUintN(128, unscaled) >> BigInt(32 * w)) & 0xffffffffn)));
    const rows = await mapped('nested-exact', {
      big: list(new arrow.Int64(), [[9007199254740993n, -1n]]),
      prices: list(new arrow.Decimal(2, 20, 128), [[words(12345n), words(-1n)]]),
    });
    expect(rows).toEqual([{ big: { L: [{ N: '9007199254740993' }, { N: '-1' }] }, prices: { L: [{ N: '123.45' }, { N: '-0.01' }] } }]);
  });
});

describe('Parquet compression codecs', () => {
  const codecs: FixtureCodec[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD'];
  it.each(codecs)('%s pages decode to the same items, and the file really uses the codec', async (codec) => {
    const ids = Array.from({ length: 3000 }, (_, i) => BigInt(i) * 1_000_003n + 2n ** 60n);
    const path = folder.path(`codec-${codec}.parquet`);
    await writeParquetFixture(path, tableOf({
      id: int64Vector(ids),
      name: vectorOf(new arrow.Utf8(), ids.map((id) => `name ${id % 97n}`)),
      price: decimalVector(ids.map((id) => id % 100_000n - 50_000n), 12, 3),
    }), { codec, rowGroupRows: 1000 });
    const bytes = await openLocalParquetBytes(path);
    const layout = await readParquetLayout(bytes);
    expect(layout.codecs).toEqual([codec]);
    expect(layout.rowGroups.map((g) => g.rows)).toEqual([1000, 1000, 1000]);
    const { entries } = await readAll({ path, format: 'parquet' });
    const rows = recordFields(entries);
    expect(rows).toHaveLength(3000);
    rows.forEach((row, i) => {
      const id = ids[i]!;
      expect(row).toEqual({ id: { N: id.toString() }, name: { S: `name ${id % 97n}` }, price: { N: formatThousandths(id % 100_000n - 50_000n) } });
    });
  });
});

function formatThousandths(unscaled: bigint): string {
  const sign = unscaled < 0n ? '-' : '';
  const abs = unscaled < 0n ? -unscaled : unscaled;
  return `${sign}${abs / 1000n}.${(abs % 1000n).toString().padStart(3, '0')}`;
}

describe('Parquet records through the record mapper', () => {
  it('pass as attribute values unchanged, binary included, with the key checked', async () => {
    const rows = await mapped('through-mapper', {
      id: int64Vector([9007199254740993n]),
      b: vectorOf(new arrow.Binary(), [Uint8Array.from([1, 2, 3])]),
      l: vectorOf(new arrow.List(field('element', new arrow.Binary())), [[Uint8Array.from([9])]]),
    });
    const mapper = compileMapping(mappingSchema.parse({}), [{ name: 'id', type: 'N', role: 'HASH' }]);
    const result = mapper.map(rows[0]!, true);
    expect(result).toMatchObject({ ok: true, key: 'id=9007199254740993', item: { id: { N: '9007199254740993' }, b: { B: Uint8Array.from([1, 2, 3]) }, l: { L: [{ B: Uint8Array.from([9]) }] } } });
  });
});
