import { describe, expect, test } from 'vitest';
import { compileMapping, inferColumnTypes, type KeyAttribute } from '../../../electron/engine/mapping/record-mapper';
import { checkDynamoNumber } from '../../../shared/mapping/dynamo-number';
import { mappingSchema, type Mapping } from '../../../shared/job-spec';
import { reasonText } from '../../../shared/report/reject-reasons';

const PK_SK: KeyAttribute[] = [{ name: 'sk', type: 'N', role: 'RANGE' }, { name: 'pk', type: 'S', role: 'HASH' }];
const mapping = (input: Partial<Mapping> = {}): Mapping => mappingSchema.parse(input);

function ok(result: ReturnType<ReturnType<typeof compileMapping>['map']>) {
  if (!result.ok) throw new Error(`expected an item, got: ${result.reason}`);
  return result;
}
function reason(result: ReturnType<ReturnType<typeof compileMapping>['map']>): string {
  if (result.ok) throw new Error('expected a reject');
  return reasonText(result.reason);
}

describe('compileMapping', () => {
  test('key templates, renames, drops, constants, inferred and explicit types', () => {
    const mapper = compileMapping(
      mapping({
        templates: [{ attribute: 'pk', template: 'CUST#{customer_id}', type: 'S' }, { attribute: 'sk', template: '{order}', type: 'S' }],
        columns: [{ from: 'tags', to: 'tagSet', type: 'SS' }, { from: 'zip', to: 'zip', type: 'S' }, { from: 'meta', to: 'meta', type: 'M' }],
        drop: ['secret'],
        constants: { source: 'import-1', version: 2 },
      }),
      PK_SK,
      { sample: [{ amount: '9.5', active: 'true', zip: '02134' }] },
    );
    const result = ok(mapper.map({ customer_id: '42', order: '007', amount: '12.50', active: 'FALSE', zip: '02134', tags: 'a;b;a', secret: 'x', note: '', meta: '{"k":[1,"two"]}' }));
    expect(result.item).toEqual({
      pk: { S: 'CUST#42' },
      sk: { N: '7' },
      customer_id: { S: '42' },
      order: { S: '007' },
      amount: { N: '12.5' },
      active: { BOOL: false },
      zip: { S: '02134' },
      tagSet: { SS: ['a', 'b'] },
      meta: { M: { k: { L: [{ N: '1' }, { S: 'two' }] } } },
      source: { S: 'import-1' },
      version: { N: '2' },
    });
    expect(result.key).toBe('pk="CUST#42", sk=7');
    expect(result.sizeBytes).toBeGreaterThan(50);
    // A pinned (here: inferred) type is kept: a value that does not fit is rejected, never stored as S.
    expect(reason(mapper.map({ customer_id: '1', order: '1', amount: 'n/a' }))).toBe('column "amount" should be a number (N) but "n/a" is not a number');
  });

  test('computed attributes: now, TTL from a date column plus days, IPv4 as a number', () => {
    const mapper = compileMapping(
      mapping({
        computed: [
          { kind: 'now', attribute: 'loadedAt', format: 'epoch-seconds' },
          { kind: 'now', attribute: 'loadedIso', format: 'iso' },
          { kind: 'ttl', attribute: 'expires', fromColumn: 'created', addDays: 30 },
          { kind: 'ipv4-number', attribute: 'ipNumber', fromColumn: 'ip' },
        ],
      }),
      [{ name: 'id', type: 'S', role: 'HASH' }],
      { nowMs: () => Date.UTC(2025, 0, 2, 3, 4, 5) },
    );
    const item = ok(mapper.map({ id: 'a', created: '2024-01-01T00:00:00Z', ip: '192.168.1.10' })).item;
    expect(item.loadedAt).toEqual({ N: String(Date.UTC(2025, 0, 2, 3, 4, 5) / 1000) });
    expect(item.loadedIso).toEqual({ S: '2025-01-02T03:04:05.000Z' });
    expect(item.expires).toEqual({ N: String(Date.UTC(2024, 0, 31) / 1000) });
    expect(item.ipNumber).toEqual({ N: String(192 * 2 ** 24 + 168 * 2 ** 16 + 256 + 10) });
    expect(ok(mapper.map({ id: 'b', created: '1704067200' })).item.expires).toEqual({ N: String(1704067200 + 30 * 86400) });
    expect(reason(mapper.map({ id: 'c', created: 'yesterday' }))).toMatch(/"created" holds "yesterday", which is not a date/);
    expect(reason(mapper.map({ id: 'd', ip: '300.1.2.3' }))).toMatch(/not an IPv4 address/);
  });

  test('rejects bad rows with reasons an operator understands, never throws', () => {
    const mapper = compileMapping(mapping(), [{ name: 'id', type: 'N', role: 'HASH' }, { name: 'sort', type: 'S', role: 'RANGE' }]);
    expect(reason(mapper.map({ sort: 'x' }))).toMatch(/partition key "id" is missing/);
    expect(reason(mapper.map({ id: '', sort: 'x' }))).toMatch(/partition key "id" is missing/);
    expect(reason(mapper.map({ id: 'abc', sort: 'x' }))).toMatch(/column "id" is the partition key "id", a number \(N\), but "abc" is not a number/);
    expect(reason(mapper.map({ id: '1' }))).toMatch(/sort key "sort" is missing/);
    expect(reason(mapper.map({ id: '1', sort: 'x'.repeat(1025) }))).toMatch(/sort key "sort" is 1,025 bytes; DynamoDB allows at most 1,024/);
    expect(reason(mapper.map({ id: '1e200', sort: 'x' }))).toMatch(/outside DynamoDB's number range/);
    expect(reason(mapper.map({ id: '1', sort: 'x', big: 'y'.repeat(410_000) }))).toMatch(/the item is 41\d,\d{3} bytes; DynamoDB's limit is 409,600/);
    const json = compileMapping(mapping(), [{ name: 'pk', type: 'S', role: 'HASH' }]);
    expect(ok(json.map({ pk: 5 })).item.pk).toEqual({ S: '5' }); // a numeric id for a string key loses nothing
    expect(reason(json.map({ pk: true }))).toBe('column "pk" is the partition key "pk", a string (S), but true is a boolean');
    expect(reason(json.map({ pk: { a: 1 } }))).toMatch(/is not a single value/);
    const typed = compileMapping(mapping({ templates: [{ attribute: 'pk', template: '{a}', type: 'S' }] }), [{ name: 'pk', type: 'N', role: 'HASH' }]);
    expect(reason(typed.map({ a: 'x1' }))).toMatch(/should be a number but "x1" is not a number/);
    expect(reason(json.map({ pk: 'x'.repeat(2049) }))).toMatch(/2,049 bytes/);
    expect(reason(json.map({ pk: 'a', n: Number.POSITIVE_INFINITY }))).toMatch(/not a number/);
    expect(ok(json.map({ pk: 'a', list: [1, null, { x: true }] })).item.list).toEqual({ L: [{ N: '1' }, { NULL: true }, { M: { x: { BOOL: true } } }] });
  });

  test('a template key that renders empty or not numeric is rejected; a ddb-json item is not marshalled again', () => {
    const mapper = compileMapping(mapping({ templates: [{ attribute: 'pk', template: 'USER#{user}', type: 'S' }] }), [{ name: 'pk', type: 'S', role: 'HASH' }]);
    expect(reason(mapper.map({ user: '' }))).toMatch(/column "user" is missing or empty/);
    const exported = ok(mapper.map({ user: { S: 'u1' }, n: { N: '01.50' }, b: { B: 'AQI=' } }, true));
    expect(exported.item).toEqual({ pk: { S: 'USER#u1' }, user: { S: 'u1' }, n: { N: '1.5' }, b: { B: new Uint8Array([1, 2]) } });
    expect(reason(mapper.map({ user: { S: 'u1' }, x: { X: 'a' } }, true))).toMatch(/attribute "x" has the unknown type "X"/);
  });

  test('two spellings of one number key print the same key (so batching sees the duplicate)', () => {
    const mapper = compileMapping(mapping(), [{ name: 'id', type: 'N', role: 'HASH' }]);
    expect(ok(mapper.map({ id: '1.0' })).key).toBe(ok(mapper.map({ id: '001' })).key);
    expect(checkDynamoNumber('1.5E3')).toEqual({ ok: true, text: '1500' });
    expect(checkDynamoNumber('-0.00012')).toEqual({ ok: true, text: '-0.00012' });
    expect(checkDynamoNumber('1'.repeat(39)).ok).toBe(false);
  });

  test('configuration errors throw at compile time, in words', () => {
    expect(() => compileMapping(mapping({ columns: [{ from: 'a', to: 'x' }, { from: 'b', to: 'x' }] }), [])).toThrow(/both mapped to attribute "x"/);
    expect(() => compileMapping(mapping({ columns: [{ from: 'a', to: 'pk', type: 'N' }] }), [{ name: 'pk', type: 'S', role: 'HASH' }])).toThrow(/table's key is a string/);
  });

  test('inferColumnTypes', () => {
    expect(inferColumnTypes([{ a: '1', b: 'x', c: '', d: 'true', e: 1.5, f: [1], g: { x: 1 }, h: null, z: '0012' }, { a: '2.5', b: '3', c: '', d: 'False' }])).toEqual([
      { name: 'a', inferredType: 'N' },
      { name: 'b', inferredType: 'S' },
      { name: 'c', inferredType: 'NULL' },
      { name: 'd', inferredType: 'BOOL' },
      { name: 'e', inferredType: 'N' },
      { name: 'f', inferredType: 'L' },
      { name: 'g', inferredType: 'M' },
      { name: 'h', inferredType: 'NULL' },
      { name: 'z', inferredType: 'S' },
    ]);
  });
});
