import type { AttributeType, Mapping } from '../job-spec';
import { inferColumnTypes } from './infer-column-types';

/**
 * The one place that decides which type each source column is written as. A spec made
 * by the wizard carries the types its preview showed (`mapping.columnTypes`), and then
 * they are used exactly, whatever later rows look like. A hand-written spec without them
 * gets them inferred once, from `INFERENCE_ROWS` first rows read in input order, by the
 * sample check and the job alike.
 */

/** Rows the engine reads to infer types for a spec that pins none. */
export const INFERENCE_ROWS = 200;

/** Column types for a mapping: its pinned ones, else a guess from the sample rows. */
export function pinnedColumnTypes(mapping: Pick<Mapping, 'columnTypes'>, sample: Record<string, unknown>[]): Record<string, AttributeType> {
  if (mapping.columnTypes) return { ...mapping.columnTypes };
  const types: Record<string, AttributeType> = {};
  for (const column of inferColumnTypes(sample)) {
    if (column.inferredType !== 'NULL') types[column.name] = column.inferredType;
  }
  return types;
}
