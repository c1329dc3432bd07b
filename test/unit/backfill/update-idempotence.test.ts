import { describe, expect, test } from 'vitest';
import { compileOperation } from '../../../electron/engine/backfill/item-operation';
import { reapplyRefusal, reapplyRiskNote, updateIdempotence } from '../../../electron/engine/backfill/update-idempotence';
import { backfillJobSpecSchema, type BackfillOperation } from '../../../shared/backfill-spec';

const check = (update: string, condition = 'attribute_exists(pk)', names: Record<string, string> = {}, values: Record<string, unknown> = {}) => updateIdempotence(update, condition, names, values);

describe('non-idempotent backfill updates', () => {
  test('finds the actions that change an item again when applied twice', () => {
    expect(check('ADD n :one', undefined, {}, { ':one': 1 }).nonIdempotent).toEqual(['ADD n :one (adds to a number each time it is applied)']);
    expect(check('ADD #c :x', undefined, { '#c': 'count' }, { ':x': { N: '5' } }).nonIdempotent).toHaveLength(1);
    expect(check('ADD n :x', undefined, {}, {}).nonIdempotent[0]).toMatch(/unknown type/);
    expect(check('SET n = n + :x').nonIdempotent).toEqual(['SET n = n + :x (reads n, which the update changes)']);
    expect(check('SET #n = #n - :x', undefined, { '#n': 'stock' }).nonIdempotent[0]).toMatch(/reads stock/);
    expect(check('SET l = list_append(l, :x)').nonIdempotent).toHaveLength(1);
    expect(check('SET a = if_not_exists(a, :zero) + :one').nonIdempotent).toHaveLength(1);
    expect(check('SET a = b, b = :x').nonIdempotent[0]).toMatch(/reads b/);
    expect(check('SET #set = #set + :x', undefined, { '#set': 'total' }).nonIdempotent).toHaveLength(1);
    expect(check('SET doc.items = list_append(doc.items, :x)').nonIdempotent).toHaveLength(1);
  });

  test('leaves idempotent updates alone', () => {
    for (const update of ['SET #s = :new', 'SET a = :x, b = :y REMOVE c', 'SET a = if_not_exists(a, :v)', 'SET total = price + tax', 'ADD tags :t', 'DELETE tags :t', 'SET l = list_append(:head, other)']) {
      expect(check(update, undefined, { '#s': 'status' }, { ':t': { SS: ['a'] } }).nonIdempotent, update).toEqual([]);
    }
  });

  test('a condition that tests an attribute the update changes guards it', () => {
    expect(check('SET #s = :closed ADD revisions :one', '#s = :done', { '#s': 'status' }, { ':one': 1 }).guardedBy).toEqual(['status']);
    expect(check('SET n = n + :x, migrated = :t', 'attribute_not_exists(migrated)').guardedBy).toEqual(['migrated']);
    expect(check('SET n = n + :x', 'attribute_exists(pk) AND kind = :k').guardedBy).toEqual([]);
  });

  test('refused unless guarded or accepted; the accepted risk has a note for the report', () => {
    const op = { update: 'ADD n :one', condition: 'attribute_exists(n)', names: {}, values: { ':one': 1 } };
    expect(reapplyRefusal(op)).toMatch(/^the update is not idempotent: ADD n :one .*accept the risk \(acceptReapplyRisk in the spec, --accept-reapply-risk/);
    expect(reapplyRiskNote(op)).toBeNull();
    expect(reapplyRefusal({ ...op, acceptReapplyRisk: true })).toBeNull();
    expect(reapplyRiskNote({ ...op, acceptReapplyRisk: true })).toMatch(/^ACCEPTED RISK: .*in flight at the last checkpoint/);
    expect(reapplyRefusal({ ...op, update: 'ADD n :one SET done = :t', condition: 'attribute_not_exists(done)' })).toBeNull();
  });

  test('the job compiles no unguarded, unaccepted non-idempotent update', () => {
    const spec = (operation: Record<string, unknown>) => backfillJobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'orders', operation });
    const compile = (operation: Record<string, unknown>) => compileOperation(spec(operation) as { table: string; operation: BackfillOperation }, { keyNames: ['pk'] });
    expect(() => compile({ kind: 'update', update: 'SET n = n + :x', condition: 'attribute_exists(n)', values: { ':x': 1 } })).toThrow(/not idempotent/);
    expect(compile({ kind: 'update', update: 'SET n = n + :x', condition: 'attribute_exists(n)', values: { ':x': 1 }, acceptReapplyRisk: true }).readOnly).toBe(false);
  });
});
