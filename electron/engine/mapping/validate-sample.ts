import type { SampleValidation } from '../../../shared/contract';
import type { LoadJobSpec } from '../../../shared/job-spec';
import { writeUnitsForSize } from '../../../shared/capacity/capacity-units';
import { createDynamoClient, type ClientTarget } from '../dynamo/client-target';
import { describeTable } from '../tables/table-description';
import { openRecordSource } from '../source/open-record-source';
import { jobColumnTypes } from './job-column-types';
import { compileMapping, type KeyAttribute } from './record-mapper';
import { reasonText } from '../../../shared/report/reject-reasons';

/**
 * Runs the engine's own mapper over the first rows of a load's source, against the
 * table's real key schema and the column types the job will use (`jobColumnTypes`), so
 * the wizard shows exactly which rows the job would reject and why.
 */
export async function validateSample(spec: LoadJobSpec, target: ClientTarget, rows: number): Promise<SampleValidation> {
  const client = createDynamoClient(target, { maxSockets: 2, requestTimeoutMs: 15_000 });
  let keySchema: KeyAttribute[];
  try {
    keySchema = (await describeTable(client, spec.table)).keySchema;
  } finally {
    client.destroy();
  }
  const ddbJson = spec.source.format === 'ddb-json';
  const { types } = await jobColumnTypes(spec, target);
  let mapper: ReturnType<typeof compileMapping>;
  try {
    mapper = compileMapping({ ...spec.mapping, columnTypes: types }, keySchema, { fieldsAreAttributeValues: ddbJson });
  } catch (error) {
    return { mappingError: (error as Error).message, rows: [] };
  }
  const source = await openRecordSource({ ...spec.source, spread: false }, { target });
  const result: SampleValidation['rows'] = [];
  try {
    reading: for await (const batch of source.batches()) {
      for (const entry of batch) {
        if (result.length >= rows) break reading;
        if (entry.kind === 'error') {
          result.push({ line: entry.line, ok: false, key: null, reason: reasonText(entry.reason), sizeBytes: null, wcu: null });
          continue;
        }
        const mapped = mapper.map(entry.fields, entry.attributeValues);
        result.push(
          mapped.ok
            ? { line: entry.line, ok: true, key: mapped.key, reason: null, sizeBytes: mapped.sizeBytes, wcu: writeUnitsForSize(mapped.sizeBytes) }
            : { line: entry.line, ok: false, key: mapped.key ?? null, reason: reasonText(mapped.reason), sizeBytes: null, wcu: null },
        );
      }
    }
  } finally {
    await source.close();
  }
  return { mappingError: null, rows: result };
}
