import { itemSizeBytes } from '../../../shared/capacity/item-size';
import { writeUnitsForSize } from '../../../shared/capacity/capacity-units';
import type { BackfillJobSpec, ExpressionSpec } from '../../../shared/backfill-spec';
import { parseKeyTemplate } from '../../../shared/key-template';
import { epochSecondsOf, ttlSecondsFor } from '../../../shared/ttl-time';
import type { LeanOperation } from './lean-dynamo-client';
import { reapplyRefusal } from './update-idempotence';
import { keyOf, placeholdersToWire, placeholderToWire, sameWireValue, scalarText, type WireItem, type WireValue } from './wire-item';
import { dataValue } from '../../../shared/report/reject-reasons';

/** What the backfill does with one item it read. */
export type ItemPlan =
  /** Nothing to do (already has the change, or the operation does not apply to it). */
  | { kind: 'unchanged' }
  /** Read-only operations: the item matches (count, find). */
  | { kind: 'match' }
  /** The item cannot be processed (e.g. its date does not parse); it goes to the rejects file. */
  | { kind: 'fail'; reason: string }
  /** One conditional write. `after` is the expected item afterwards (null: deleted; undefined: not known client-side). */
  | { kind: 'write'; operation: LeanOperation; body: Record<string, unknown>; wcu: number; after?: WireItem | null };

/** An operation compiled once per job, applied to every item read. */
export interface CompiledOperation {
  readOnly: boolean;
  /** The FilterExpression of the Scan (the spec's filter, and for delete-where its condition). */
  scanFilter: { expression: string; names: Record<string, string>; values: Record<string, WireValue> } | null;
  plan(item: WireItem): ItemPlan;
}

/** What compiling needs besides the spec: the key attributes of the scanned table and of a copy's target. */
export interface TableKeys {
  keyNames: string[];
  targetKeyNames?: string[];
}

const KEY_NAME = '#capstanKey';

/**
 * Compiles the spec's operation into a per-item plan. Every write it plans carries a
 * condition that holds only while the item is still the one read (or while the change is
 * not there yet), so an organic write in between makes the write fail its condition — the
 * job counts that as skipped — and a second run finds nothing left to change.
 */
export function compileOperation(spec: Pick<BackfillJobSpec, 'table' | 'operation' | 'filter'>, keys: TableKeys): CompiledOperation {
  const op = spec.operation;
  const userFilter = spec.filter ? expressionToWire(spec.filter) : null;
  const table = spec.table;
  const keyNames = keys.keyNames;
  const sizeOf = (item: WireItem) => itemSizeBytes(item as Parameters<typeof itemSizeBytes>[0]);
  const base = (item: WireItem) => ({ TableName: table, Key: keyOf(item, keyNames), ReturnConsumedCapacity: 'TOTAL' });

  switch (op.kind) {
    case 'count':
    case 'find':
      return { readOnly: true, scanFilter: userFilter, plan: () => ({ kind: 'match' }) };

    case 'add-ttl':
      return {
        readOnly: false,
        scanFilter: userFilter,
        plan(item) {
          if (item[op.attribute] !== undefined) return { kind: 'unchanged' };
          const from = item[op.fromAttribute];
          if (from === undefined) return { kind: 'unchanged' };
          const ttlSeconds = ttlSecondsFor(from, op.addDays);
          if (ttlSeconds === null) return { kind: 'fail', reason: `${op.fromAttribute} is not a date: ${dataValue(JSON.stringify(from).slice(0, 80))}` };
          const ttl: WireValue = { N: String(ttlSeconds) };
          const after = { ...item, [op.attribute]: ttl };
          return {
            kind: 'write',
            operation: 'UpdateItem',
            body: {
              ...base(item),
              UpdateExpression: 'SET #ttl = :ttl',
              ConditionExpression: 'attribute_not_exists(#ttl) AND #from = :from',
              ExpressionAttributeNames: { '#ttl': op.attribute, '#from': op.fromAttribute },
              ExpressionAttributeValues: { ':ttl': ttl, ':from': from },
            },
            wcu: writeUnitsForSize(sizeOf(after)),
            after,
          };
        },
      };

    case 'derive': {
      const template = parseKeyTemplate(op.template);
      return {
        readOnly: false,
        scanFilter: userFilter,
        plan(item) {
          let text = '';
          for (const part of template.parts) {
            if ('literal' in part) {
              text += part.literal;
              continue;
            }
            const value = scalarText(item[part.column]);
            if (value === null || value === '') return { kind: 'unchanged' };
            text += value;
          }
          if (op.type === 'N' && !Number.isFinite(Number(text))) return { kind: 'fail', reason: `${op.attribute} = "${dataValue(text)}" is not a number` };
          const value: WireValue = op.type === 'N' ? { N: text } : { S: text };
          const current = item[op.attribute];
          if (sameWireValue(current, value)) return { kind: 'unchanged' };
          const names: Record<string, string> = { '#target': op.attribute };
          const values: Record<string, WireValue> = { ':value': value };
          const guards: string[] = [];
          template.columns.forEach((column, i) => {
            names[`#s${i}`] = column;
            values[`:s${i}`] = item[column]!;
            guards.push(`#s${i} = :s${i}`);
          });
          if (current === undefined) guards.push('attribute_not_exists(#target)');
          else {
            values[':old'] = current;
            guards.push('#target = :old');
          }
          const after = { ...item, [op.attribute]: value };
          return {
            kind: 'write',
            operation: 'UpdateItem',
            body: { ...base(item), UpdateExpression: 'SET #target = :value', ConditionExpression: guards.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values },
            wcu: writeUnitsForSize(Math.max(sizeOf(item), sizeOf(after))),
            after,
          };
        },
      };
    }

    case 'delete-where': {
      const where = expressionToWire(op.where);
      return {
        readOnly: false,
        scanFilter: userFilter ? andExpressions(userFilter, where) : where,
        plan(item) {
          return {
            kind: 'write',
            operation: 'DeleteItem',
            body: {
              ...base(item),
              // The item must still exist and still match: an organic update that takes it out of the set saves it.
              ConditionExpression: `attribute_exists(${KEY_NAME}) AND (${where.expression})`,
              ExpressionAttributeNames: { ...where.names, [KEY_NAME]: keyNames[0]! },
              ...(Object.keys(where.values).length ? { ExpressionAttributeValues: where.values } : {}),
            },
            wcu: writeUnitsForSize(sizeOf(item)),
            after: null,
          };
        },
      };
    }

    case 'update': {
      const refusal = reapplyRefusal(op);
      if (refusal) throw new Error(refusal);
      const values = placeholdersToWire(op.values);
      return {
        readOnly: false,
        scanFilter: userFilter,
        plan(item) {
          return {
            kind: 'write',
            operation: 'UpdateItem',
            body: {
              ...base(item),
              UpdateExpression: op.update,
              // An update never creates an item the application deleted meanwhile.
              ConditionExpression: `attribute_exists(${KEY_NAME}) AND (${op.condition})`,
              ExpressionAttributeNames: { ...op.names, [KEY_NAME]: keyNames[0]! },
              ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
            },
            wcu: writeUnitsForSize(sizeOf(item)),
          };
        },
      };
    }

    case 'copy': {
      const targetKeyNames = keys.targetKeyNames ?? keyNames;
      const set = Object.fromEntries(Object.entries(op.set).map(([name, value]) => [name, placeholderToWire(name, value)]));
      const drop = new Set(op.drop);
      for (const name of targetKeyNames) {
        if (drop.has(name)) throw new Error(`The copy drops ${name}, a key attribute of ${op.targetTable}`);
      }
      return {
        readOnly: false,
        scanFilter: userFilter,
        plan(item) {
          const copy: WireItem = {};
          for (const [name, value] of Object.entries(item)) if (!drop.has(name)) copy[name] = value;
          Object.assign(copy, set);
          for (const name of targetKeyNames) {
            if (copy[name] === undefined) return { kind: 'fail', reason: `the item has no ${name}, a key attribute of ${op.targetTable}` };
          }
          return {
            kind: 'write',
            operation: 'PutItem',
            body: {
              TableName: op.targetTable,
              Item: copy,
              ReturnConsumedCapacity: 'TOTAL',
              // Without overwrite an item already in the target is left alone (and counted as skipped).
              ...(op.overwrite ? {} : { ConditionExpression: `attribute_not_exists(${KEY_NAME})`, ExpressionAttributeNames: { [KEY_NAME]: targetKeyNames[0]! } }),
            },
            wcu: writeUnitsForSize(sizeOf(copy)),
            after: copy,
          };
        },
      };
    }
  }
}

/**
 * Why the spec's operation cannot run on these tables, in words (null: it compiles). The
 * job asks before its safety actions and before any worker starts, so an operator's
 * mistake — a dropped key attribute, a placeholder that is not a value, one placeholder
 * with two meanings — fails the job at once instead of crashing its scan workers.
 */
export function operationProblem(spec: Pick<BackfillJobSpec, 'table' | 'operation' | 'filter'>, keys: TableKeys): string | null {
  try {
    compileOperation(spec, keys);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** An expression's placeholders in wire form. */
export function expressionToWire(spec: ExpressionSpec): { expression: string; names: Record<string, string>; values: Record<string, WireValue> } {
  return { expression: spec.expression, names: spec.names, values: placeholdersToWire(spec.values) };
}

/** Two expressions that must both hold; their placeholders must not collide. */
export function andExpressions(
  a: { expression: string; names: Record<string, string>; values: Record<string, WireValue> },
  b: { expression: string; names: Record<string, string>; values: Record<string, WireValue> },
) {
  for (const name of Object.keys(b.names)) {
    if (name in a.names && a.names[name] !== b.names[name]) throw new Error(`Placeholder ${name} means ${a.names[name]} in the filter and ${b.names[name]} in the condition`);
  }
  for (const name of Object.keys(b.values)) {
    if (name in a.values && !sameWireValue(a.values[name], b.values[name])) throw new Error(`Placeholder ${name} has different values in the filter and the condition`);
  }
  return { expression: `(${a.expression}) AND (${b.expression})`, names: { ...a.names, ...b.names }, values: { ...a.values, ...b.values } };
}

/** Epoch seconds of a date value (shared/ttl-time.ts, kept here for the engine's callers). */
export { epochSecondsOf };
