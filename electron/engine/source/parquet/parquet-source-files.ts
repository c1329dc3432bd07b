import type { ByteSource } from '../byte-source';
import type { SourceFormat } from '../source-entry';
import { hasParquetExtension, isParquetSource } from './parquet-bytes';

/**
 * Which files or objects of a source are Parquet: all of them when the source says so
 * (one that is not then fails in words), otherwise those named `.parquet` or starting
 * with "PAR1", so a folder or prefix of mixed exports loads each by what it is.
 */
export async function splitParquetSources(sources: ByteSource[], format: SourceFormat): Promise<{ parquet: ByteSource[]; text: ByteSource[] }> {
  if (format === 'parquet') return { parquet: sources, text: [] };
  const parquet: ByteSource[] = [];
  const text: ByteSource[] = [];
  for (const source of sources) {
    if (hasParquetExtension(source.name) || (source.sizeBytes >= 4 && (await isParquetSource(source)))) parquet.push(source);
    else text.push(source);
  }
  return { parquet, text };
}
