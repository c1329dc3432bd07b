import { describe, expect, it } from 'vitest';
import { operationProblem } from '../../../electron/engine/backfill/item-operation';
import { backfillJobSpecSchema, type BackfillJobSpecInput } from '../../../shared/backfill-spec';

/** What the job asks before it starts any worker, for one operation (and filter) on a table keyed pk, sk. */
const problemOf = (operation: BackfillJobSpecInput['operation'], filter?: BackfillJobSpecInput['filter'], targetKeyNames?: string[]) => {
  const spec = backfillJobSpecSchema.parse({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'events', operation, ...(filter ? { filter } : {}) });
  return operationProblem(spec, { keyNames: ['pk', 'sk'], ...(targetKeyNames ? { targetKeyNames } : {}) });
};

describe('operationProblem', () => {
  it('is null for an operation that compiles', () => {
    expect(problemOf({ kind: 'copy', targetTable: 'archive', drop: ['secret'] }, undefined, ['id'])).toBeNull();
    expect(problemOf({ kind: 'update', update: 'SET #s = :new', condition: '#s = :old', names: { '#s': 'status' }, values: { ':new': 1e125, ':old': 'done' } })).toBeNull();
  });

  it('names a copy that drops a key attribute of its target (the target\'s keys, not the source\'s)', () => {
    expect(problemOf({ kind: 'copy', targetTable: 'archive', drop: ['id'] }, undefined, ['id'])).toBe('The copy drops id, a key attribute of archive');
    expect(problemOf({ kind: 'copy', targetTable: 'archive', drop: ['sk'] }, undefined, ['id'])).toBeNull();
    // Without the target's keys, the source's stand in.
    expect(problemOf({ kind: 'copy', targetTable: 'archive', drop: ['sk'] })).toBe('The copy drops sk, a key attribute of archive');
  });

  it('names a placeholder whose number DynamoDB cannot hold; the spec itself refuses Infinity and NaN', () => {
    const update = { kind: 'update', update: 'SET #s = :new', condition: '#s = :old', names: { '#s': 'status' }, values: { ':new': 1e300, ':old': 'done' } } as const;
    expect(problemOf(update)).toBe('Placeholder :new: "1e+300" is outside DynamoDB\'s number range (1E-130 to 9.9E+125 in size)');
    // A non-finite number would be saved as null in spec.json and set the attribute to NULL on a resume.
    expect(() => problemOf({ ...update, values: { ':new': Infinity, ':old': 'done' } })).toThrow(/a number must be finite/);
    expect(() => problemOf({ kind: 'copy', targetTable: 'archive', set: { score: { nested: [-Infinity] } } })).toThrow(/a number must be finite/);
    expect(() => problemOf({ ...update, values: { ':new': Number.NaN, ':old': 'done' } })).toThrow(/a number must be finite/);
  });

  it('names a delete-where placeholder that means one thing in the filter and another in the condition', () => {
    const where = (names: Record<string, string>, values: Record<string, unknown>) => ({ kind: 'delete-where', where: { expression: '#a < :v', names, values } }) as const;
    const filter = { expression: '#a = :v', names: { '#a': 'type' }, values: { ':v': 'order' } };
    expect(problemOf(where({ '#a': 'created' }, { ':v': 'order' }), filter)).toBe('Placeholder #a means type in the filter and created in the condition');
    expect(problemOf(where({ '#a': 'type' }, { ':v': '2024-01-01' }), filter)).toBe('Placeholder :v has different values in the filter and the condition');
    expect(problemOf(where({ '#a': 'type' }, { ':v': 'order' }), filter)).toBeNull();
  });
});
