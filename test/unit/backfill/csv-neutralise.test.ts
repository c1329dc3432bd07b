import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { csvHeader, csvRow } from '../../../electron/engine/backfill/query-export/export-format';
import { csvField, csvRecord } from '../../../shared/report/csv-field';

describe('CSV cells a spreadsheet would run as formulas are neutralised', () => {
  test('text beginning with = + - @ tab or carriage return gets a single quote in front', () => {
    expect(csvField('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(csvField('+cmd|calc')).toBe("'+cmd|calc");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvField('\tindent')).toBe("'\tindent");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // Plain numbers and ordinary text are left alone.
    for (const plain of ['-5', '+1.5E3', '-0.25', '12345678901234567891', 'a=b', 'x@y', '', 'CUST#1']) expect(csvField(plain)).toBe(plain);
    expect(csvField(-5)).toBe('-5');
  });

  test('query exports and report rows read back as the neutralised text', () => {
    const item = { pk: { S: '=1+1' }, n: { N: '-7' }, note: { S: '@import, "x"' }, ok: { S: 'plain' } };
    const columns = ['pk', 'n', 'note', 'ok'];
    const text = `${csvHeader(columns)}\r\n${csvRow(item, columns)}\r\n${csvRecord(['-cmd', 3, '=evil'])}`;
    const rows = parse(text, { relax_column_count: true }) as string[][];
    expect(rows[1]).toEqual(["'=1+1", '-7', `'@import, "x"`, 'plain']);
    expect(rows[2]).toEqual(["'-cmd", '3', "'=evil"]);
  });
});
