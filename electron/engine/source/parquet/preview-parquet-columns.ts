import type { SourcePreview } from '../../../../shared/contract';
import { parquetOptionsSchema, type ParquetOptions } from '../../../../shared/parquet-options';
import { planParquetColumns } from './parquet-attribute-values';
import type { ByteSource } from '../byte-source';
import { parquetBytesOf } from './parquet-bytes';
import { readParquetLayout } from './parquet-layout';

/**
 * The preview's column types for a Parquet file, read from its schema rather than
 * guessed from rows: every column with the attribute type its values become and its
 * Parquet type in words. Throws in words for a file that is not readable Parquet.
 */
export async function previewParquetColumns(source: ByteSource, options: ParquetOptions = parquetOptionsSchema.parse({})): Promise<SourcePreview['columns']> {
  const layout = await readParquetLayout(parquetBytesOf(source));
  return planParquetColumns(layout.metadata, options).map((plan) => ({
    name: plan.name,
    inferredType: plan.attributeType,
    parquetType: plan.unsupported ? `${plan.parquetType} (cannot be loaded: ${plan.unsupported})` : plan.parquetType,
  }));
}
