import type { WireItem, WireValue } from '../wire-item';

/**
 * How one Query is cut into sub-queries that together return exactly its items: by
 * sort-key boundaries (complete by construction: below the first, between each pair,
 * from the last on), by sort-key prefixes (complete when every sort key starts with one
 * of them), or by a write-sharding slot appended to the partition key value.
 */
export type QuerySplit =
  | { kind: 'none' }
  | { kind: 'boundaries'; boundaries: string[] }
  | { kind: 'prefixes'; prefixes: string[] }
  | { kind: 'slots'; slots: number; separator: string };

/** The Query being split. */
export interface QueryShape {
  table: string;
  index?: string;
  partitionKeyName: string;
  partitionKeyValue: WireValue;
  sortKeyName?: string;
  filter?: { expression: string; names: Record<string, string>; values: Record<string, WireValue> };
}

/** One sub-query: its request body, and items to drop (the shared upper bound of a BETWEEN). */
export interface SubQuery {
  body: Record<string, unknown>;
  dropSortKey: string | null;
}

/** The sub-queries of a split, in the order their results are concatenated (sort-key order for boundaries and prefixes given sorted). */
export function splitQuery(shape: QueryShape, split: QuerySplit): SubQuery[] {
  const sk = shape.sortKeyName;
  const needSortKey = () => {
    if (!sk) throw new Error(`Splitting by ${split.kind} needs the sort key's name`);
    return sk;
  };
  const make = (pkValue: WireValue, sortCondition: string | null, values: Record<string, WireValue>, dropSortKey: string | null = null): SubQuery => {
    const names: Record<string, string> = { '#qpk': shape.partitionKeyName, ...(sortCondition ? { '#qsk': sk! } : {}), ...(shape.filter?.names ?? {}) };
    const allValues: Record<string, WireValue> = { ':qpk': pkValue, ...values, ...(shape.filter?.values ?? {}) };
    return {
      body: {
        TableName: shape.table,
        ...(shape.index ? { IndexName: shape.index } : {}),
        KeyConditionExpression: `#qpk = :qpk${sortCondition ? ` AND ${sortCondition}` : ''}`,
        ...(shape.filter ? { FilterExpression: shape.filter.expression } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: allValues,
        ReturnConsumedCapacity: 'TOTAL',
      },
      dropSortKey,
    };
  };
  switch (split.kind) {
    case 'none':
      return [make(shape.partitionKeyValue, null, {})];
    case 'prefixes':
      needSortKey();
      return [...split.prefixes].sort().map((prefix) => make(shape.partitionKeyValue, 'begins_with(#qsk, :qp)', { ':qp': { S: prefix } }));
    case 'boundaries': {
      needSortKey();
      const b = [...new Set(split.boundaries)].sort();
      if (b.length === 0) return [make(shape.partitionKeyValue, null, {})];
      const out = [make(shape.partitionKeyValue, '#qsk < :qhi', { ':qhi': { S: b[0]! } })];
      for (let i = 0; i + 1 < b.length; i++) {
        out.push(make(shape.partitionKeyValue, '#qsk BETWEEN :qlo AND :qhi', { ':qlo': { S: b[i]! }, ':qhi': { S: b[i + 1]! } }, b[i + 1]!));
      }
      out.push(make(shape.partitionKeyValue, '#qsk >= :qlo', { ':qlo': { S: b[b.length - 1]! } }));
      return out;
    }
    case 'slots': {
      const base = shape.partitionKeyValue.S ?? shape.partitionKeyValue.N;
      if (base === undefined) throw new Error('Slots need a text or number partition key value');
      return Array.from({ length: split.slots }, (_, slot) => make({ S: `${base}${split.separator}${slot}` }, null, {}));
    }
  }
}

/** Month starts from `from` (YYYY-MM) to `to` (YYYY-MM) inclusive, as boundaries: one sub-query per month. */
export function monthBoundaries(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  if (!fy || !fm || !ty || !tm) throw new Error(`Months must look like 2024-01 (got ${from}..${to})`);
  const out: string[] = [];
  for (let y = fy, m = fm; y < ty || (y === ty && m <= tm); m === 12 ? ((m = 1), y++) : m++) out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
}

/** Day starts between two dates (YYYY-MM-DD) inclusive, as boundaries. */
export function dayBoundaries(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error(`Days must look like 2024-01-31 (got ${from}..${to})`);
  const out: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** True when an item of a BETWEEN sub-query belongs to the next one (its sort key is the shared bound). */
export function isDroppedBound(item: WireItem, sortKeyName: string | undefined, dropSortKey: string | null): boolean {
  return dropSortKey !== null && sortKeyName !== undefined && item[sortKeyName]?.S === dropSortKey;
}
