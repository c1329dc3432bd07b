import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileOperation } from '../../../electron/engine/backfill/item-operation';
import { countRejectLines } from '../../../electron/engine/fleet/redis-checkpoint-store';
import { RejectsFile } from '../../../electron/engine/lifecycle/rejects-file';
import { compileMapping } from '../../../electron/engine/mapping/record-mapper';
import { backfillJobSpecSchema, type BackfillJobSpecInput } from '../../../shared/backfill-spec';
import type { RejectLine } from '../../../shared/job-report';
import { mappingSchema, type Mapping } from '../../../shared/job-spec';
import { decodeRecordText } from '../../../shared/mapping/decode-record-text';
import { dataValue, foreignMessage, groupOf, reasonGroup, reasonText, reasonsFromReport } from '../../../shared/report/reject-reasons';

/**
 * Reject reasons group by what the job's mapping names (kept) and fold what the data holds
 * (values, sizes, counts): the groups the dashboard and the report list are few, and each
 * says which column or attribute is at fault.
 */

const mapping = (input: Partial<Mapping> = {}): Mapping => mappingSchema.parse(input);
const mapper = compileMapping(
  mapping({ templates: [{ attribute: 'pk', template: 'CUST#{customer_id}', type: 'S' }], columnTypes: { amount: 'N', active: 'BOOL', expires: 'S' }, computed: [{ kind: 'ttl', attribute: 'ttl', fromColumn: 'created', addDays: 30 }] }),
  [{ name: 'pk', type: 'S', role: 'HASH' }],
);
const csv = { format: 'csv' as const, columns: ['customer_id', 'amount', 'active'], delimiter: ',' };

/** The marked reason the job would reject `fields` with. */
function rejectOf(fields: Record<string, unknown>): string {
  const mapped = mapper.map(fields);
  if (mapped.ok) throw new Error('expected a reject');
  return mapped.reason;
}
function decodeRejectOf(text: string, context: Parameters<typeof decodeRecordText>[1] = csv): string {
  const decoded = decodeRecordText(text, context);
  if (decoded.ok) throw new Error('expected a reject');
  return decoded.reason;
}
const line = (n: number, reason: string): RejectLine => ({ file: 'in.csv', line: n, ordinal: n, key: null, reason, raw: `row ${n}` });

describe('reject reason groups', () => {
  it.each([
    ['a number column holding text', [{ customer_id: '1', amount: 'n/a' }, { customer_id: '2', amount: 'twelve' }], 'column "amount" should be a number (N) but "…" is not a number'],
    ['a boolean column holding something else', [{ customer_id: '1', active: 'maybe' }, { customer_id: '2', active: 'sometimes' }], 'column "active" should be a boolean (BOOL) but "…" is not true or false'],
    ['a key template whose column is missing', [{ amount: '1' }, { amount: '2', active: 'true' }], 'attribute "pk": column "customer_id" is missing or empty (needed by CUST#{customer_id})'],
    ['a TTL column that is not a date', [{ customer_id: '1', created: 'yesterday' }, { customer_id: '2', created: 'last week' }], 'attribute "ttl": column "created" holds "…", which is not a date (use ISO 8601 such as 2024-05-01T12:00:00Z, or epoch seconds)'],
    ['an item over 400 KB', [{ customer_id: '1', note: 'x'.repeat(410_000) }, { customer_id: '2', note: 'y'.repeat(500_321) }], "the item is … bytes; DynamoDB's limit is 409,600 bytes (400 KB)"],
  ])('%s: one group naming the column, whatever the values', (_what, records, group) => {
    const reasons = records.map(rejectOf);
    expect(reasons.map(reasonGroup)).toEqual([group, group]);
    // The words the operator reads keep the values.
    expect(reasonText(reasons[0]!)).not.toContain('…');
  });

  it('a CSV row of the wrong width, and lines that are not JSON, group without their values and positions', () => {
    expect(reasonGroup(decodeRejectOf('1,2'))).toBe('the row has … fields but the header has 3 columns');
    expect(reasonGroup(decodeRejectOf('1,2,3,4,5'))).toBe('the row has … fields but the header has 3 columns');
    const jsonl = { format: 'jsonl' as const, columns: [], delimiter: ',' };
    const token = [decodeRejectOf('{"a": x1}', jsonl), decodeRejectOf('{"customer": zap, "more": 2}', jsonl)];
    expect(token.map(reasonText)).toEqual(["the line is not valid JSON (Unexpected token 'x')", "the line is not valid JSON (Unexpected token 'z')"]);
    expect(new Set(token.map(reasonGroup))).toEqual(new Set(["the line is not valid JSON (Unexpected token …)"]));
    const cut = [decodeRejectOf('{"a": 1', jsonl), decodeRejectOf('{"customer": "c-1", "amount": 3', jsonl)];
    expect(new Set(cut.map(reasonGroup))).toEqual(new Set(["the line is not valid JSON (Expected ',' or '}' after property value in JSON at position …)"]));
  });

  it('a backfill item whose date or derived number does not parse: one group naming the attribute', () => {
    const compile = (operation: BackfillJobSpecInput['operation']) =>
      compileOperation(backfillJobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'events', operation }), { keyNames: ['pk'] });
    const failed = (plan: ReturnType<ReturnType<typeof compile>['plan']>) => (plan.kind === 'fail' ? plan.reason : 'not a failure');
    const ttl = compile({ kind: 'add-ttl', fromAttribute: 'created', addDays: 30 });
    const dates = ['yesterday', 'soon'].map((s, i) => failed(ttl.plan({ pk: { S: `p${i}` }, created: { S: s } })));
    expect(new Set(dates.map(reasonGroup))).toEqual(new Set(['created is not a date: …']));
    expect(reasonText(dates[0]!)).toBe('created is not a date: {"S":"yesterday"}');
    const derive = compile({ kind: 'derive', attribute: 'score', template: '{a}{b}', type: 'N' });
    const numbers = [['x', '1'], ['2', 'y']].map(([a, b], i) => failed(derive.plan({ pk: { S: `p${i}` }, a: { S: a! }, b: { S: b! } })));
    expect(new Set(numbers.map(reasonGroup))).toEqual(new Set(['score = "…" is not a number']));
  });

  it('a million rows with a million distinct bad values make one group, which names the column', () => {
    const groups = new Map<string, number>();
    for (let i = 0; i < 1_000_000; i++) {
      const group = reasonGroup(rejectOf({ customer_id: String(i), amount: `bad-${i}` }));
      groups.set(group, (groups.get(group) ?? 0) + 1);
    }
    expect(Object.fromEntries(groups)).toEqual({ 'column "amount" should be a number (N) but "…" is not a number': 1_000_000 });
  });

  it('a foreign message folds its quoted parts, its parser token and its numbers, not its words', () => {
    expect(reasonGroup(foreignMessage('One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N'))).toBe('One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N');
    expect(reasonGroup(foreignMessage('Item size to update has exceeded the maximum allowed size of 409600 bytes, "x" too'))).toBe('Item size to update has exceeded the maximum allowed size of … bytes, … too');
    expect(reasonGroup(foreignMessage("Unexpected token 'x' in column2"))).toBe('Unexpected token … in column2');
  });

  it('a data value cannot forge or break the marks, and the words keep no marks', () => {
    const reason = `column "a" holds "${dataValue('\u2069evil\u2068')}"`;
    expect(reasonText(reason)).toBe('column "a" holds "evil"');
    expect(reasonGroup(reason)).toBe('column "a" holds "…"');
  });
});

describe('groups in the rejects file, local and fleet', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'capstan-groups-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores each line with its words and group; the job, a fleet shard and the report count the same groups', async () => {
    const path = join(dir, 'rejects.jsonl');
    const rejects = await RejectsFile.open(path);
    for (let i = 0; i < 10_000; i++) rejects.add(line(i + 2, rejectOf({ customer_id: String(i), amount: `v${i}` })));
    rejects.add(line(20_000, rejectOf({ amount: '1' })));
    await rejects.close();
    const number = 'column "amount" should be a number (N) but "…" is not a number';
    const missing = 'attribute "pk": column "customer_id" is missing or empty (needed by CUST#{customer_id})';
    expect(rejects.reasonCounts()).toEqual({ [number]: 10_000, [missing]: 1 });

    const text = await readFile(path, 'utf8');
    const first = JSON.parse(text.split('\n')[0]!) as RejectLine;
    expect(first).toEqual({ ...line(2, 'column "amount" should be a number (N) but "v0" is not a number'), group: number });
    expect(text).not.toMatch(/[\u2068\u2069]/);

    // A fleet shard counts its checkpointed lines by the same groups.
    const reasons: Record<string, number> = {};
    countRejectLines(text, reasons, {});
    expect(reasons).toEqual(rejects.reasonCounts());
    // The report's example of a group is the first of its lines in the sample.
    expect(reasonsFromReport({ byReason: reasons, sample: rejects.sample() })[0]!.example!.reason).toBe('column "amount" should be a number (N) but "v0" is not a number');
  });

  it('a line written before lines carried their group is grouped as it was then', () => {
    expect(groupOf(line(2, 'column "id" is 1.5'))).toBe('column "…" is N');
    expect(groupOf({ ...line(2, 'column "id" is 1.5'), group: 'column "id" is …' })).toBe('column "id" is …');
  });
});
