import { itemSizeBytes, writeUnitsForSize, type AttributeValueLike } from './item-size';

/**
 * The GSI write cost of an item, the one version every part of Capstan uses: the wizard's
 * estimate, the engine's sample estimate, reports. Pure (shared/): it reads a table's key
 * schema and indexes as the engine's table description and the contract's TableDetails
 * both state them.
 */

/** What the cost needs of a table: its key names and each GSI's keys and projection. */
export interface TableIndexShape {
  keySchema: readonly { name: string }[];
  indexes: readonly {
    name: string;
    keySchema: readonly { name: string }[];
    projection: 'ALL' | 'INCLUDE' | 'KEYS_ONLY';
    projectedAttributes: readonly string[];
  }[];
}

/** An item as DynamoDB JSON. */
export type ItemLike = Record<string, AttributeValueLike>;

/** One GSI's share of one write. */
export interface IndexWriteCost {
  indexName: string;
  /** Index writes this item causes: 0 (not in the index, or nothing projected changed), 1, or 2 (key changed: delete + put). */
  writes: number;
  wcu: number;
}

/** The extra capacity one item write costs in the table's GSIs. */
export interface GsiWriteCost {
  perIndex: IndexWriteCost[];
  totalWcu: number;
}

/** What a GSI keeps of an item: its key attributes and which others it projects. */
interface IndexShape {
  name: string;
  keys: string[];
  projects: (attribute: string) => boolean;
}

function shapesOf(table: TableIndexShape): IndexShape[] {
  const tableKeys = table.keySchema.map((k) => k.name);
  return table.indexes.map((index) => {
    const keys = index.keySchema.map((k) => k.name);
    const always = new Set([...tableKeys, ...keys]);
    const include = new Set(index.projectedAttributes);
    const projects =
      index.projection === 'ALL' ? () => true : index.projection === 'INCLUDE' ? (a: string) => always.has(a) || include.has(a) : (a: string) => always.has(a);
    return { name: index.name, keys, projects };
  });
}

/** The projected part of an item, or null when the item lacks a key attribute of the index (then it is not in the index). */
function projection(shape: IndexShape, item: ItemLike | null): ItemLike | null {
  if (!item || !shape.keys.every((k) => item[k] !== undefined)) return null;
  const out: ItemLike = {};
  for (const [name, value] of Object.entries(item)) if (shape.projects(name)) out[name] = value;
  return out;
}

/** A stable text of a value, so the same value in another key order compares equal. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Uint8Array) return `b:${Array.from(value).join('.')}`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * The GSI writes one put (or update) causes, by AWS's rules: an item enters an index
 * only when it has the index's key attributes; entering costs one write of the
 * projected size, leaving one delete, a changed index key a delete plus a put, a change
 * to a projected attribute one write of the larger projection, and no projected change
 * nothing. `oldItem` is the item replaced (null or absent for a new item, as in a load).
 */
export function gsiWriteCost(table: TableIndexShape, item: ItemLike, oldItem: ItemLike | null = null): GsiWriteCost {
  const perIndex = shapesOf(table).map((shape): IndexWriteCost => {
    const before = projection(shape, oldItem);
    const after = projection(shape, item);
    const units = (p: ItemLike) => writeUnitsForSize(itemSizeBytes(p));
    if (!before && !after) return { indexName: shape.name, writes: 0, wcu: 0 };
    if (!before) return { indexName: shape.name, writes: 1, wcu: units(after!) };
    if (!after) return { indexName: shape.name, writes: 1, wcu: units(before) };
    const keyChanged = shape.keys.some((k) => canonical(before[k]) !== canonical(after[k]));
    if (keyChanged) return { indexName: shape.name, writes: 2, wcu: units(before) + units(after) };
    if (canonical(before) === canonical(after)) return { indexName: shape.name, writes: 0, wcu: 0 };
    return { indexName: shape.name, writes: 1, wcu: Math.max(units(before), units(after)) };
  });
  return { perIndex, totalWcu: perIndex.reduce((sum, p) => sum + p.wcu, 0) };
}

/** Average GSI cost per item over a sample, per index. */
export interface SampledGsiWriteCost {
  items: number;
  perIndex: { indexName: string; share: number; wcuPerItem: number }[];
  /** Extra WCU per item across all GSIs, on average: what the estimate adds to the table's own. */
  wcuPerItem: number;
}

/**
 * The extra WCU per item the job will cause in GSIs, averaged over a sample of its items
 * (new items, as a load writes them), and which share of items lands in each index.
 */
export function sampleGsiWriteCost(table: TableIndexShape, sample: readonly ItemLike[]): SampledGsiWriteCost {
  const names = shapesOf(table).map((s) => s.name);
  const totals = names.map(() => ({ inIndex: 0, wcu: 0 }));
  for (const item of sample) {
    gsiWriteCost(table, item).perIndex.forEach((p, i) => {
      if (p.writes > 0) totals[i]!.inIndex++;
      totals[i]!.wcu += p.wcu;
    });
  }
  const n = Math.max(1, sample.length);
  const perIndex = names.map((indexName, i) => ({ indexName, share: totals[i]!.inIndex / n, wcuPerItem: totals[i]!.wcu / n }));
  return { items: sample.length, perIndex, wcuPerItem: perIndex.reduce((sum, p) => sum + p.wcuPerItem, 0) };
}
