import { describe, expect, it } from 'vitest';
import { compileOperation, epochSecondsOf } from '../../../electron/engine/backfill/item-operation';
import { backfillJobSpecSchema, type BackfillJobSpecInput } from '../../../shared/backfill-spec';

const compile = (operation: BackfillJobSpecInput['operation'], filter?: BackfillJobSpecInput['filter']) => {
  const spec = backfillJobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'events', operation, ...(filter ? { filter } : {}) });
  return compileOperation(spec, { keyNames: ['pk', 'sk'] });
};

describe('add-ttl', () => {
  const op = compile({ kind: 'add-ttl', fromAttribute: 'created', addDays: 30 });

  it('sets date + days as epoch seconds, conditional on no TTL and the same date', () => {
    const plan = op.plan({ pk: { S: 'a' }, sk: { S: '1' }, created: { S: '2024-01-01T00:00:00Z' } });
    expect(plan.kind).toBe('write');
    if (plan.kind !== 'write') return;
    expect(plan.body.Key).toEqual({ pk: { S: 'a' }, sk: { S: '1' } });
    expect(plan.body.ConditionExpression).toBe('attribute_not_exists(#ttl) AND #from = :from');
    expect(plan.body.ExpressionAttributeValues).toEqual({ ':ttl': { N: String(1704067200 + 30 * 86400) }, ':from': { S: '2024-01-01T00:00:00Z' } });
  });

  it('leaves items that have a TTL or no date, and fails items whose date does not parse', () => {
    expect(op.plan({ pk: { S: 'a' }, sk: { S: '1' }, ttl: { N: '5' }, created: { S: '2024-01-01' } }).kind).toBe('unchanged');
    expect(op.plan({ pk: { S: 'a' }, sk: { S: '1' } }).kind).toBe('unchanged');
    expect(op.plan({ pk: { S: 'a' }, sk: { S: '1' }, created: { S: 'yesterday' } }).kind).toBe('fail');
  });

  it('reads ISO dates, dates without time, epoch seconds and milliseconds', () => {
    expect(epochSecondsOf({ S: '2024-01-01' })).toBe(1704067200);
    expect(epochSecondsOf({ S: '2024-01-01T00:00:10.500Z' })).toBe(1704067210);
    expect(epochSecondsOf({ N: '1704067200' })).toBe(1704067200);
    expect(epochSecondsOf({ N: '1704067200123' })).toBe(1704067200);
    expect(epochSecondsOf({ BOOL: true })).toBeNull();
  });
});

describe('derive', () => {
  const op = compile({ kind: 'derive', attribute: 'gsi1pk', template: '{state}#{city}' });

  it('writes only where the value is missing or different, conditional on the sources and the old value', () => {
    const missing = op.plan({ pk: { S: 'a' }, sk: { S: '1' }, state: { S: 'WA' }, city: { S: 'Seattle' } });
    expect(missing.kind === 'write' && missing.body.ConditionExpression).toBe('#s0 = :s0 AND #s1 = :s1 AND attribute_not_exists(#target)');
    const different = op.plan({ pk: { S: 'a' }, sk: { S: '1' }, state: { S: 'WA' }, city: { S: 'Seattle' }, gsi1pk: { S: 'WA#Tacoma' } });
    expect(different.kind === 'write' && different.body.ConditionExpression).toBe('#s0 = :s0 AND #s1 = :s1 AND #target = :old');
    expect(op.plan({ pk: { S: 'a' }, sk: { S: '1' }, state: { S: 'WA' }, city: { S: 'Seattle' }, gsi1pk: { S: 'WA#Seattle' } }).kind).toBe('unchanged');
    expect(op.plan({ pk: { S: 'a' }, sk: { S: '1' }, state: { S: 'WA' } }).kind).toBe('unchanged');
  });
});

describe('delete-where and update', () => {
  it('delete-where filters the scan by its condition and checks it again in the delete', () => {
    const op = compile(
      { kind: 'delete-where', where: { expression: '#c < :cut', names: { '#c': 'created' }, values: { ':cut': '2024-01-01' } } },
      { expression: '#t = :t', names: { '#t': 'type' }, values: { ':t': 'order' } },
    );
    expect(op.scanFilter?.expression).toBe('(#t = :t) AND (#c < :cut)');
    const plan = op.plan({ pk: { S: 'a' }, sk: { S: '1' } });
    expect(plan.kind === 'write' && plan.body.ConditionExpression).toBe('attribute_exists(#capstanKey) AND (#c < :cut)');
    expect(plan.kind === 'write' && plan.body.ExpressionAttributeValues).toEqual({ ':cut': { S: '2024-01-01' } });
  });

  it('update never recreates a deleted item and keeps explicit attribute values', () => {
    const op = compile({ kind: 'update', update: 'SET #s = :new', condition: '#s = :old', names: { '#s': 'status' }, values: { ':new': 'done', ':old': { N: '1' } } });
    const plan = op.plan({ pk: { S: 'a' }, sk: { S: '1' } });
    expect(plan.kind === 'write' && plan.body.ConditionExpression).toBe('attribute_exists(#capstanKey) AND (#s = :old)');
    expect(plan.kind === 'write' && plan.body.ExpressionAttributeValues).toEqual({ ':new': { S: 'done' }, ':old': { N: '1' } });
  });

  it('copy puts only where the target has no such item, unless overwriting', () => {
    const plain = compile({ kind: 'copy', targetTable: 'copy', drop: ['secret'], set: { migrated: true } }).plan({ pk: { S: 'a' }, sk: { S: '1' }, secret: { S: 'x' } });
    expect(plain.kind === 'write' && plain.body).toMatchObject({ TableName: 'copy', Item: { pk: { S: 'a' }, sk: { S: '1' }, migrated: { BOOL: true } }, ConditionExpression: 'attribute_not_exists(#capstanKey)' });
    const overwrite = compile({ kind: 'copy', targetTable: 'copy', overwrite: true }).plan({ pk: { S: 'a' }, sk: { S: '1' } });
    expect(overwrite.kind === 'write' && 'ConditionExpression' in overwrite.body).toBe(false);
  });
});
