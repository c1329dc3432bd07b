import type { SourcePreview, TableSummary } from '../../../../shared/contract';
import { mappingSchema, type LoadJobSpecInput } from '../../../../shared/job-spec';
import { decodeRecordText } from '../../../../shared/mapping/decode-record-text';
import { compileMapping, type RecordMapper } from '../../../../shared/mapping/record-mapper';
import type { AttributeValueLike } from '../../../../shared/capacity/item-size';
import { reasonText } from '../../../../shared/report/reject-reasons';

/** A preview row as the job would treat it: an item with its size, or why it would be rejected. */
export type SampleResult =
  | { row: number; ok: true; item: Record<string, AttributeValueLike>; sizeBytes: number; key: string }
  | { row: number; ok: false; reason: string };

/**
 * The preview's rows through the one record mapper (`shared/mapping/record-mapper.ts`),
 * with the spec's mapping and pinned column types and the table's key schema: the same
 * decoder, types, items and reasons as the engine's sample check and the job, computed
 * here at once while the operator types. The engine's check (`validateSample`) still
 * gives the authoritative answer over the real table.
 */
export function checkSampleRows(preview: SourcePreview, table: TableSummary, mappingInput: LoadJobSpecInput['mapping']): { results: SampleResult[]; mappingError: string | null } {
  let mapper: RecordMapper;
  try {
    mapper = compileMapping(mappingSchema.parse(mappingInput ?? {}), table.keySchema);
  } catch (e) {
    return { results: [], mappingError: (e as Error).message };
  }
  // A Parquet preview's lines are its rows as DynamoDB export lines (attribute values).
  const context = { format: preview.format === 'parquet' ? 'ddb-json' as const : preview.format, columns: preview.records.columns, delimiter: preview.records.delimiter };
  const results = preview.records.lines.map((line, index): SampleResult => {
    const decoded = decodeRecordText(line, context);
    if (!decoded.ok) return { row: index + 1, ok: false, reason: reasonText(decoded.reason) };
    const mapped = mapper.map(decoded.fields, decoded.attributeValues);
    if (!mapped.ok) return { row: index + 1, ok: false, reason: reasonText(mapped.reason) };
    return { row: index + 1, ok: true, item: mapped.item as Record<string, AttributeValueLike>, sizeBytes: mapped.sizeBytes, key: mapped.key };
  });
  return { results, mappingError: null };
}
