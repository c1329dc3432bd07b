import type { SourcePreview } from '../../../shared/contract';
import { ExactNumber, isExactNumber } from '../../../shared/mapping/exact-number';
import { inferColumnTypes } from '../../../shared/mapping/infer-column-types';
import type { ClientTarget } from '../dynamo/client-target';
import { createS3Client } from '../s3/s3-client';
import { isGzipSource, type ByteSource } from './byte-source';
import { listByteSources } from './list-source-files';
import { openRecordSource } from './open-record-source';
import { hasParquetExtension, isParquetSource } from './parquet/parquet-bytes';
import { previewParquetColumns } from './parquet/preview-parquet-columns';
import type { SourceFormat } from './source-entry';
import { gunzipSync } from 'node:zlib';

/**
 * Plain value of an attribute value, for inferring types and showing an export's rows as
 * a person reads them; numbers stay exact.
 */
function plainValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const av = value as Record<string, unknown>;
  if ('S' in av) return av.S;
  if ('N' in av) return typeof av.N === 'string' ? new ExactNumber(av.N) : av.N;
  if ('B' in av) return av.B;
  if ('BOOL' in av) return av.BOOL;
  if ('NULL' in av) return null;
  if ('L' in av && Array.isArray(av.L)) return av.L.map(plainValue);
  if ('M' in av && typeof av.M === 'object' && av.M !== null) return Object.fromEntries(Object.entries(av.M).map(([k, v]) => [k, plainValue(v)]));
  if ('SS' in av) return av.SS;
  if ('NS' in av && Array.isArray(av.NS)) return av.NS.map((n) => (typeof n === 'string' ? new ExactNumber(n) : n));
  if ('BS' in av) return av.BS;
  return value;
}

/**
 * A value as the preview shows it: an exact number as a plain number when a double holds
 * it exactly, else as its text (a class instance would not cross IPC or JSON intact).
 */
function displayValue(value: unknown): unknown {
  if (isExactNumber(value)) {
    const n = Number(value.text);
    return String(n) === value.text ? n : value.text;
  }
  if (Array.isArray(value)) return value.map(displayValue);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(v)]));
  return value;
}

/**
 * Guesses a format from the name, then the first bytes: `.parquet` or "PAR1" is Parquet,
 * `.tsv` is CSV with tabs, and a JSON line holding only an "Item" object is a DynamoDB
 * export line.
 */
export async function detectSourceFormat(source: ByteSource): Promise<{ format: SourceFormat; delimiter: string }> {
  if (hasParquetExtension(source.name) || (source.sizeBytes >= 4 && (await isParquetSource(source)))) return { format: 'parquet', delimiter: ',' };
  const name = source.name.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return { format: 'csv', delimiter: '\t' };
  if (name.endsWith('.csv')) return { format: 'csv', delimiter: ',' };
  let head = await source.readBytes(0, 64 * 1024);
  if (await isGzipSource(source)) {
    try {
      head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a partial stream is fine */ });
    } catch {
      return { format: 'csv', delimiter: ',' };
    }
  }
  const firstLine = head.toString('utf8').split('\n', 1)[0]!.trim();
  if (!firstLine.startsWith('{')) return { format: 'csv', delimiter: ',' };
  try {
    const parsed = JSON.parse(firstLine) as Record<string, unknown>;
    const keys = Object.keys(parsed);
    if (keys.length === 1 && keys[0] === 'Item' && typeof parsed.Item === 'object') return { format: 'ddb-json', delimiter: ',' };
  } catch {
    // A first line longer than the head: still JSON lines by its look.
  }
  return { format: 'jsonl', delimiter: ',' };
}

/**
 * The first rows of a source (local or `s3://`, read with the connection `target`) with
 * guessed column types, for the wizard's preview (the wizard pins these types into the
 * spec, so the job uses them). Reads
 * only as far as it needs, in input order (no spreading), and skips rows that do not
 * parse (the full run reports them).
 */
export async function previewSource(path: string, format: SourceFormat | undefined, rows: number, target?: ClientTarget): Promise<SourcePreview> {
  const s3 = target ? createS3Client(target) : undefined;
  let detected: { format: SourceFormat; delimiter: string };
  try {
    const listed = await listByteSources(path, s3 ? { s3Client: () => s3 } : {});
    detected = listed.dynamoDbExport ? { format: 'ddb-json', delimiter: ',' } : await detectSourceFormat(listed.sources[0]!);
  } finally {
    s3?.destroy();
  }
  const chosen = format ?? detected.format;
  const delimiter = format && format !== detected.format ? ',' : detected.delimiter;
  const source = await openRecordSource({ path, format: chosen, delimiter, spread: false }, target ? { target } : {});
  const sample: Record<string, unknown>[] = [];
  const lines: string[] = [];
  let columnOrder: string[] = [];
  let previewBytes = 0;
  try {
    for await (const batch of source.batches()) {
      for (const entry of batch) {
        if (entry.kind !== 'record') continue;
        const row = entry.attributeValues
          ? Object.fromEntries(Object.entries(entry.fields).map(([k, v]) => [k, plainValue(v)]))
          : entry.fields;
        if (sample.length === 0) columnOrder = Object.keys(row);
        sample.push(row);
        // A Parquet row's text is its attribute values; as an export line the wizard decodes it as the job maps it.
        lines.push(source.format === 'parquet' ? `{"Item":${entry.raw}}` : entry.raw);
        previewBytes += Buffer.byteLength(entry.raw) + 1;
        if (sample.length >= rows) break;
      }
      if (sample.length >= rows) break;
    }
    if (source.format === 'parquet') {
      // Types come from the schema; the previewed rows stand for their share of the file's
      // bytes, so an estimate from them gives the exact row count the footers hold.
      const recordsTotal = source.recordsTotal() ?? 0;
      return {
        path, format: 'parquet', sizeBytes: source.bytesTotal,
        previewBytes: recordsTotal > 0 && sample.length > 0 ? (source.bytesTotal * sample.length) / recordsTotal : null,
        columns: await previewParquetColumns(source.sources[0]!),
        rows: sample.map((row) => displayValue(row) as Record<string, unknown>),
        records: { lines, columns: [], delimiter },
      };
    }
  } finally {
    await source.close();
  }
  const inferred = inferColumnTypes(sample);
  const known = new Set(inferred.map((c) => c.name));
  // A CSV column empty in every sampled row still belongs in the preview.
  for (const name of columnOrder) if (!known.has(name)) inferred.push({ name, inferredType: 'NULL' });
  return {
    path, format: chosen, sizeBytes: source.bytesTotal, previewBytes, columns: inferred,
    rows: sample.map((row) => displayValue(row) as Record<string, unknown>),
    records: { lines, columns: chosen === 'csv' ? columnOrder : [], delimiter },
  };
}
