import type { AttributeType, LoadJobSpec } from '../../../shared/job-spec';
import { INFERENCE_ROWS, pinnedColumnTypes } from '../../../shared/mapping/pinned-column-types';
import type { ClientTarget } from '../dynamo/client-target';
import { openRecordSource } from '../source/open-record-source';

/** A load's column types and where they came from. */
export interface JobColumnTypes {
  types: Record<string, AttributeType>;
  /** "pinned in the spec", or how they were inferred (said in the job's log). */
  origin: string;
}

/**
 * The column types a load writes with, the same for the sample check and the job: the
 * spec's pinned `mapping.columnTypes` when present (the wizard always pins them), else
 * inferred once from the first `INFERENCE_ROWS` records in input order. DynamoDB JSON
 * carries its own types and needs none.
 */
export async function jobColumnTypes(spec: Pick<LoadJobSpec, 'source' | 'mapping'>, target?: ClientTarget): Promise<JobColumnTypes> {
  if (spec.mapping.columnTypes) return { types: pinnedColumnTypes(spec.mapping, []), origin: 'pinned in the spec' };
  if (spec.source.format === 'ddb-json') return { types: {}, origin: 'carried by the DynamoDB JSON values' };
  const source = await openRecordSource({ ...spec.source, spread: false }, target ? { target } : {});
  const rows: Record<string, unknown>[] = [];
  let records = 0;
  try {
    reading: for await (const batch of source.batches()) {
      for (const entry of batch) {
        if (entry.kind !== 'record') continue;
        // Parquet rows carry attribute values typed by their schema: nothing to infer from them.
        if (!entry.attributeValues) rows.push(entry.fields);
        if (++records >= INFERENCE_ROWS) break reading;
      }
    }
  } finally {
    await source.close();
  }
  return { types: pinnedColumnTypes(spec.mapping, rows), origin: `inferred from the first ${rows.length} records (the spec pins none)` };
}

/** The types in words for a log line, e.g. `amount N, name S`. */
export function columnTypesWords(types: Record<string, AttributeType>): string {
  const entries = Object.entries(types);
  return entries.length ? entries.map(([name, type]) => `${name} ${type}`).join(', ') : 'none';
}
