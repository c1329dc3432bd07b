import { itemSizeBytes, writeUnitsForBytes, type AttributeValue, type Item } from './item-size';
import type { IndexSchema, PlannedCharge, TableSchema } from './table-model';

/** Maps an index key value to its hash position (the model passes dynalite's hashing). */
export type HashOf = (attributeName: string, value: AttributeValue) => number;

function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function projectedAttributes(table: TableSchema, index: IndexSchema): Set<string> | null {
  if (index.projectionType === 'ALL') return null;
  const names = new Set<string>([table.hashAttribute, index.hashAttribute]);
  if (table.rangeAttribute) names.add(table.rangeAttribute);
  if (index.rangeAttribute) names.add(index.rangeAttribute);
  if (index.projectionType === 'INCLUDE') for (const n of index.nonKeyAttributes) names.add(n);
  return names;
}

function project(item: Item, names: Set<string> | null): Item {
  if (names === null) return item;
  const out: Item = {};
  for (const n of names) if (item[n] !== undefined) out[n] = item[n] as AttributeValue;
  return out;
}

function inIndex(item: Item | undefined, index: IndexSchema): item is Item {
  return item !== undefined && item[index.hashAttribute] !== undefined && (index.rangeAttribute === undefined || item[index.rangeAttribute] !== undefined);
}

/**
 * Secondary-index writes caused by changing `before` into `after` (either may be
 * missing), per DynamoDB's rules: an item entering an index costs one put of its
 * projected size, an item leaving costs one delete, a changed index key costs a delete
 * plus a put, a changed projected attribute costs one write of the larger projection,
 * and a write that changes nothing projected costs the index nothing. GSI writes land on
 * the GSI; LSI writes (same rules) are paid by the table and reported under the LSI.
 */
export function indexWrites(table: TableSchema, before: Item | undefined, after: Item | undefined, hashOf: HashOf): PlannedCharge[] {
  const out: PlannedCharge[] = [];
  const indexes: [IndexSchema, boolean][] = [...table.indexes.map((i): [IndexSchema, boolean] => [i, false]), ...(table.localIndexes ?? []).map((i): [IndexSchema, boolean] => [i, true])];
  for (const [index, local] of indexes) {
    const wasIn = inIndex(before, index);
    const isIn = inIndex(after, index);
    if (!wasIn && !isIn) continue;
    const names = projectedAttributes(table, index);
    const push = (item: Item, bytes: number) => {
      const hash = hashOf(index.hashAttribute, item[index.hashAttribute] as AttributeValue);
      out.push(local ? { localIndexName: index.name, hash, units: writeUnitsForBytes(bytes) } : { indexName: index.name, hash, units: writeUnitsForBytes(bytes) });
    };
    if (wasIn && !isIn) {
      push(before, itemSizeBytes(project(before, names)));
      continue;
    }
    if (!wasIn && isIn) {
      push(after, itemSizeBytes(project(after, names)));
      continue;
    }
    const b = before as Item;
    const a = after as Item;
    const keyChanged =
      !valuesEqual(b[index.hashAttribute], a[index.hashAttribute]) ||
      (index.rangeAttribute !== undefined && !valuesEqual(b[index.rangeAttribute], a[index.rangeAttribute]));
    const pb = project(b, names);
    const pa = project(a, names);
    if (keyChanged) {
      push(b, itemSizeBytes(pb));
      push(a, itemSizeBytes(pa));
    } else if (!valuesEqual(pb, pa)) {
      push(a, Math.max(itemSizeBytes(pb), itemSizeBytes(pa)));
    }
  }
  return out;
}
