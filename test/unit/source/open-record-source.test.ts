import { afterEach, describe, expect, test } from 'vitest';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import { previewSource } from '../../../electron/engine/source/preview-source';
import { byOrdinal, readAll, sortedCsv, tempDir } from './source-fixtures';
import { reasonText } from '../../../shared/report/reject-reasons';

let fixture: ReturnType<typeof tempDir>;
afterEach(() => fixture?.cleanup());

/** A CSV with one of every kind of bad row, and how each row must come out. */
function badCsv(): { bytes: Buffer; expected: ('record' | 'error')[] } {
  const rows: [string, 'record' | 'error'][] = [
    ['1,alpha,10', 'record'],
    ['2,"multi\nline, with comma",20', 'record'],
    ['3,"bad"x,30', 'error'], // text after a closing quote
    ['4,"say ""hi""",40', 'record'],
    ['5,only-two-fields', 'error'],
    ['6,"never closed,60', 'error'], // swallows nothing: reported alone
    ['7,after,70', 'record'],
    ['8,\u0000INVALID\u0000,80', 'error'], // bytes replaced with invalid UTF-8 below
    ['9,last,90', 'record'],
  ];
  const text = ['id,name,amount', ...rows.map(([row]) => row)].join('\r\n') + '\r\n';
  const bytes = Buffer.from(text, 'utf8');
  // Put real invalid UTF-8 (0xff 0xfe) where the markers are.
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) bytes[i] = i % 2 ? 0xff : 0xfe;
  return { bytes, expected: rows.map(([, kind]) => kind) };
}

describe('openRecordSource', () => {
  test('accounts for every CSV row exactly once, with errors in words for bad rows', async () => {
    fixture = tempDir();
    const { bytes, expected } = badCsv();
    const path = fixture.write('bad.csv', bytes);
    const entries = await readAll(await openRecordSource({ path, spread: false }));
    expect(entries.map((e) => e.kind)).toEqual(expected);
    expect(entries.map((e) => e.ordinal)).toEqual(expected.map((_, i) => i));
    const multi = entries[1]!;
    expect(multi.kind === 'record' && multi.fields).toEqual({ id: '2', name: 'multi\nline, with comma', amount: '20' });
    expect(entries[3]!.kind === 'record' && entries[3]!.fields.name).toBe('say "hi"');
    const reasons = entries.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? reasonText(e.reason) : ''));
    expect(reasons[0]).toMatch(/closing quote/);
    expect(reasons[1]).toMatch(/2 fields but the header has 3/);
    expect(reasons[2]).toMatch(/quote/);
    expect(reasons[3]).toMatch(/UTF-8/);
    // Lines and offsets point at the row in the file.
    expect(entries.map((e) => e.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11]);
    for (const entry of entries) {
      const at = bytes.subarray(entry.offset, entry.offset + 2).toString('latin1');
      expect(at).toBe(`${entry.ordinal + 1},`);
    }
  });

  test('an overlong record is rejected and reading goes on', async () => {
    fixture = tempDir();
    const path = fixture.write('long.jsonl', `{"a":1}\n{"a":"${'x'.repeat(5000)}"}\n{"a":3}\nnot json\n[1,2]\n`);
    const entries = await readAll(await openRecordSource({ path, format: 'jsonl', spread: false, maxRecordBytes: 1024 }));
    expect(entries.map((e) => e.kind)).toEqual(['record', 'error', 'record', 'error', 'error']);
    expect(entries[1]!.kind === 'error' && entries[1]!.reason).toMatch(/longer than 1,024 bytes/);
    expect(entries[2]!.kind === 'record' && entries[2]!.fields).toEqual({ a: 3 });
  });

  test('reads a folder of gzip and plain files in sorted order with stable ordinals', async () => {
    fixture = tempDir();
    fixture.write('in/b.csv.gz', 'id\n3\n4\n', true);
    fixture.write('in/a.csv', 'id\n1\n2\n');
    fixture.write('in/sub/c.csv', 'id\n5\n');
    fixture.write('in/.hidden.csv', 'id\n99\n');
    const first = await openRecordSource({ path: `${fixture.dir}/in`, spread: false });
    expect(first.files.map((f) => f.slice(fixture.dir.length))).toEqual(['/in/a.csv', '/in/b.csv.gz', '/in/sub/c.csv']);
    const once = await readAll(first);
    const twice = await readAll(await openRecordSource({ path: `${fixture.dir}/in`, spread: false }));
    expect(once.map((e) => (e.kind === 'record' ? e.fields.id : e.kind))).toEqual(['1', '2', '3', '4', '5']);
    expect(twice).toEqual(once);
    expect(once.map((e) => e.ordinal)).toEqual([0, 1, 2, 3, 4]);
  });

  test('a glob selects files; a gzip file without .gz is detected by its bytes', async () => {
    fixture = tempDir();
    fixture.write('part-0001.data', '{"n":1}\n{"n":2}\n', true);
    fixture.write('part-0002.data', '{"n":3}\n');
    fixture.write('other.txt', '{"n":9}\n');
    const source = await openRecordSource({ path: `${fixture.dir}/part-*.data`, format: 'jsonl', spread: false });
    const entries = await readAll(source);
    expect(entries.map((e) => e.kind === 'record' && e.fields.n)).toEqual([1, 2, 3]);
    expect(source.bytesRead()).toBe(source.bytesTotal);
  });

  test('DynamoDB JSON export lines keep attribute values and say so', async () => {
    fixture = tempDir();
    const path = fixture.write('export.json.gz', '{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}\n{"Item":{"pk":{"X":"a"}}}\n{"NotItem":{}}\n', true);
    const entries = await readAll(await openRecordSource({ path, format: 'ddb-json', spread: false }));
    expect(entries[0]).toMatchObject({ kind: 'record', attributeValues: true, fields: { pk: { S: 'a' }, n: { N: '1' } } });
    // Each attribute value is checked by the mapper (test/unit/mapping), as DynamoDB would.
    expect(entries[1]).toMatchObject({ kind: 'record', attributeValues: true, fields: { pk: { X: 'a' } } });
    expect(entries[2]!.kind === 'error' && entries[2]!.reason).toMatch(/no "Item"/);
  });

  test('skip leaves out finished ordinals and keeps the others numbered as before', async () => {
    fixture = tempDir();
    const path = fixture.write('s.csv', sortedCsv(50));
    const done = new Set([0, 1, 2, 10, 49]);
    const entries = await readAll(await openRecordSource({ path, spread: false }, { skip: (o) => done.has(o) }));
    expect(entries).toHaveLength(45);
    expect(entries.every((e) => !done.has(e.ordinal) && e.kind === 'record' && Number(e.fields.id) === e.ordinal)).toBe(true);
  });

  test('a damaged gzip file ends in one error entry; records before the damage are kept', async () => {
    fixture = tempDir();
    const { gzipSync } = await import('node:zlib');
    const whole = gzipSync(Buffer.from(sortedCsv(2000)));
    const path = fixture.write('cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const entries = await readAll(await openRecordSource({ path, spread: false }));
    const errors = entries.filter((e) => e.kind === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind === 'error' && errors[0]!.reason).toMatch(/gzip data is damaged/);
    expect(entries.length).toBeGreaterThan(10);
    expect(byOrdinal(entries).size).toBe(entries.length);
  });

  test('previewSource guesses the format and column types', async () => {
    fixture = tempDir();
    const path = fixture.write('p.tsv', 'id\tprice\tzip\tactive\tnote\n1\t9.5\t02134\ttrue\t\n2\t10\t10001\tfalse\t\n3\t11\t94105\ttrue\t\n');
    const preview = await previewSource(path, undefined, 2);
    expect(preview.format).toBe('csv');
    expect(preview.rows).toHaveLength(2);
    expect(preview.columns).toEqual([
      { name: 'id', inferredType: 'N' },
      { name: 'price', inferredType: 'N' },
      { name: 'zip', inferredType: 'S' },
      { name: 'active', inferredType: 'BOOL' },
      { name: 'note', inferredType: 'NULL' },
    ]);
    const ddb = fixture.write('e.json', '{"Item":{"pk":{"S":"a"},"n":{"N":"5"}}}\n');
    expect(await previewSource(ddb, undefined, 5)).toMatchObject({ format: 'ddb-json', rows: [{ pk: 'a', n: 5 }] });
  });
});
