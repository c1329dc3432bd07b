import { describe, expect, test } from 'vitest';
import { mappingSchema, type Mapping } from '../../../shared/job-spec';
import { checkedAttributeValue } from '../../../shared/mapping/attribute-value-check';
import { decodeRecordText } from '../../../shared/mapping/decode-record-text';
import { ExactNumber, isExactNumber, parseJsonExact, stringifyExact } from '../../../shared/mapping/exact-number';
import { inferColumnTypes } from '../../../shared/mapping/infer-column-types';
import { pinnedColumnTypes } from '../../../shared/mapping/pinned-column-types';
import { compileMapping, type KeyAttribute, type MappedRecord } from '../../../shared/mapping/record-mapper';
import { reasonText } from '../../../shared/report/reject-reasons';

const PK: KeyAttribute[] = [{ name: 'pk', type: 'S', role: 'HASH' }];
const mapping = (input: Partial<Mapping> = {}): Mapping => mappingSchema.parse(input);

function item(result: MappedRecord) {
  if (!result.ok) throw new Error(`expected an item, got: ${result.reason}`);
  return result.item;
}
function reason(result: MappedRecord): string {
  if (result.ok) throw new Error('expected a reject');
  return reasonText(result.reason);
}

/** Values a double cannot hold, and what DynamoDB must store for each. */
const WIDE: [string, string][] = [
  ['12345678901234567891', '12345678901234567891'],
  ['-98765432109876543210987654321098765432', '-98765432109876543210987654321098765432'],
  ['0.123456789012345678', '0.123456789012345678'],
  ['1234567890.12345678901234567890123456', '1234567890.12345678901234567890123456'],
  ['1.2345678901234567890123E+100', '1.2345678901234567890123E100'],
  ['9.99E-120', '9.99E-120'],
];

describe('exact numbers from the source text to the item', () => {
  test('JSON lines keep every digit: wide numbers become ExactNumber, small ones stay plain', () => {
    const parsed = parseJsonExact('{"a":12345678901234567891,"b":0.123456789012345678,"c":42,"d":"12345678901234567891","e":[1e400]}') as Record<string, unknown>;
    expect(parsed.a).toEqual(new ExactNumber('12345678901234567891'));
    expect(parsed.b).toEqual(new ExactNumber('0.123456789012345678'));
    expect(parsed.c).toEqual(new ExactNumber('42')); // a line with a wide number takes the exact path whole
    expect(parsed.d).toBe('12345678901234567891');
    expect((parsed.e as unknown[])[0]).toEqual(new ExactNumber('1e400'));
    expect(parseJsonExact('{"a":1,"b":2.5,"c":-3}')).toEqual({ a: 1, b: 2.5, c: -3 });
    // Duplicate keys and bad JSON behave as JSON.parse does.
    expect((parseJsonExact('{"a":1,"a":12345678901234567891}') as Record<string, unknown>).a).toEqual(new ExactNumber('12345678901234567891'));
    expect(() => parseJsonExact('{"a":12345678901234567891,')).toThrow(SyntaxError);
    expect(parseJsonExact('12345678901234567891')).toEqual(new ExactNumber('12345678901234567891'));
    expect(parseJsonExact(' 7')).toEqual(new ExactNumber('7'));
    expect(stringifyExact({ n: new ExactNumber('12345678901234567891'), s: 'x' })).toBe('{"n":12345678901234567891,"s":"x"}');
  });

  test.each(WIDE)('%s from JSON lines, CSV and DynamoDB JSON is stored as %s', (source, stored) => {
    const mapper = compileMapping(mapping({ columnTypes: { n: 'N' } }), PK);
    const jsonl = decodeRecordText(`{"pk":"a","n":${source}}`, { format: 'jsonl', columns: [], delimiter: ',' });
    const csv = decodeRecordText(`a,${source}`, { format: 'csv', columns: ['pk', 'n'], delimiter: ',' });
    const ddb = decodeRecordText(`{"Item":{"pk":{"S":"a"},"n":{"N":"${source}"}}}`, { format: 'ddb-json', columns: [], delimiter: ',' });
    for (const decoded of [jsonl, csv, ddb]) {
      if (!decoded.ok) throw new Error(decoded.reason);
      expect(item(mapper.map(decoded.fields, decoded.attributeValues)).n).toEqual({ N: stored });
    }
    // Unpinned JSON keeps its own type, exactly.
    if (!jsonl.ok) throw new Error(jsonl.reason);
    expect(item(compileMapping(mapping(), PK).map(jsonl.fields)).n).toEqual({ N: stored });
  });

  test('numbers DynamoDB cannot hold are rejected with the reason, from every format', () => {
    const mapper = compileMapping(mapping({ columnTypes: { n: 'N' } }), PK);
    const cases: [string, RegExp][] = [
      ['123456789012345678901234567890123456789', /39 significant digits; DynamoDB keeps at most 38/],
      ['1E126', /outside DynamoDB's number range/],
      ['1E-131', /outside DynamoDB's number range/],
    ];
    for (const [text, why] of cases) {
      expect(reason(mapper.map(parseJsonExact(`{"pk":"a","n":${text}}`) as Record<string, unknown>))).toMatch(why);
      expect(reason(mapper.map({ pk: 'a', n: text }))).toMatch(why);
      expect(reason(mapper.map({ pk: { S: 'a' }, n: { N: text } }, true))).toMatch(why);
    }
  });

  test('a value that does not fit the pinned type is rejected, never stored as another type', () => {
    const mapper = compileMapping(mapping({ columnTypes: { n: 'N', flag: 'BOOL' } }), PK);
    expect(reason(mapper.map({ pk: 'a', n: 'abc' }))).toBe('column "n" should be a number (N) but "abc" is not a number');
    expect(reason(mapper.map({ pk: 'a', flag: 'maybe' }))).toBe('column "flag" should be a boolean (BOOL) but "maybe" is not true or false');
    expect(item(mapper.map({ pk: 'a', n: '7', flag: 'true' }))).toEqual({ pk: { S: 'a' }, n: { N: '7' }, flag: { BOOL: true } });
  });

  test('exact numbers in keys, templates, nested values and S columns print as written', () => {
    const mapper = compileMapping(
      mapping({ templates: [{ attribute: 'pk', template: 'ID#{id}', type: 'S' }], columnTypes: { raw: 'S' } }),
      PK,
    );
    const fields = parseJsonExact('{"id":12345678901234567891,"raw":12345678901234567891.5,"doc":{"v":[0.123456789012345678]}}') as Record<string, unknown>;
    expect(item(mapper.map(fields))).toEqual({
      pk: { S: 'ID#12345678901234567891' },
      id: { N: '12345678901234567891' },
      raw: { S: '12345678901234567891.5' },
      doc: { M: { v: { L: [{ N: '0.123456789012345678' }] } } },
    });
    const numberKey = compileMapping(mapping(), [{ name: 'id', type: 'N', role: 'HASH' }]);
    expect(item(numberKey.map({ id: new ExactNumber('12345678901234567891') })).id).toEqual({ N: '12345678901234567891' });
  });

  test('DynamoDB JSON values are checked as DynamoDB would', () => {
    expect(checkedAttributeValue({ S: 5 })).toEqual({ error: 'S must be a string' });
    expect(checkedAttributeValue({ N: 5 })).toEqual({ error: 'N must be a number written as a string, e.g. {"N": "42"}' });
    expect(checkedAttributeValue({ BOOL: 'yes' })).toEqual({ error: 'BOOL must be true or false' });
    expect(checkedAttributeValue({ B: 'not base64!' })).toEqual({ error: 'B is not base64-encoded binary' });
    expect(checkedAttributeValue({ NS: ['1', '1.0'] })).toMatchObject({ error: expect.stringMatching(/holds \u20681\u2069 twice/) });
    expect(checkedAttributeValue({ SS: [] })).toMatchObject({ error: expect.stringMatching(/empty/) });
    let deep: unknown = { S: 'x' };
    for (let i = 0; i < 40; i++) deep = { L: [deep] };
    expect(checkedAttributeValue(deep)).toMatchObject({ error: expect.stringMatching(/nested deeper than 32/) });
    expect(checkedAttributeValue({ M: { n: { N: '12345678901234567891' }, b: { BS: ['AQI='] } } })).toEqual({ value: { M: { n: { N: '12345678901234567891' }, b: { BS: [new Uint8Array([1, 2])] } } } });
  });

  test('types: exact numbers infer as N; pinned types win over any sample', () => {
    expect(inferColumnTypes([{ a: new ExactNumber('1') }])).toEqual([{ name: 'a', inferredType: 'N' }]);
    expect(pinnedColumnTypes({ columnTypes: { a: 'N' } }, [{ a: 'x' }])).toEqual({ a: 'N' });
    expect(pinnedColumnTypes({}, [{ a: '1', b: 'x', c: '' }])).toEqual({ a: 'N', b: 'S' });
    expect(isExactNumber(new ExactNumber('1'))).toBe(true);
    expect(isExactNumber({ text: '1' })).toBe(false);
  });
});
