import type { Mapping } from '../../../shared/job-spec';
import { compileMapping as compileSharedMapping, type CompileMappingOptions, type KeyAttribute, type RecordMapper } from '../../../shared/mapping/record-mapper';

/**
 * The engine's door to the one record mapper (`shared/mapping/record-mapper.ts`): the
 * same mapping and rules as the wizard's preview, with Node's native UTF-8 length plugged
 * in for item sizes (same counts, a fraction of the cost on the hot path).
 */

export { inferColumnTypes, keyTextOf, type CompileMappingOptions, type KeyAttribute, type MappedRecord, type RecordMapper } from '../../../shared/mapping/record-mapper';

const nativeUtf8ByteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Compiles a mapping for the engine; see the shared `compileMapping`. */
export function compileMapping(mapping: Mapping, keySchema: KeyAttribute[], options: CompileMappingOptions = {}): RecordMapper {
  return compileSharedMapping(mapping, keySchema, { utf8ByteLength: nativeUtf8ByteLength, ...options });
}
