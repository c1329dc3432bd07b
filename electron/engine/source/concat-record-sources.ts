import type { RecordSource } from './open-record-source';
import type { SourceEntry } from './source-entry';

/**
 * Two sources read one after the other as one: a folder holding both Parquet and text
 * files. The second source's ordinals follow the first's, so `shift` must be the first
 * source's record count, known before reading (Parquet's comes from its footers); the
 * second source is opened with its skip test shifted the same way.
 */
export function concatRecordSources(first: RecordSource, second: RecordSource, shift: number): RecordSource {
  const shifted = (entry: SourceEntry): SourceEntry => ({ ...entry, ordinal: entry.ordinal + shift });
  async function* batches(): AsyncGenerator<SourceEntry[]> {
    yield* first.batches();
    for await (const batch of second.batches()) yield batch.map(shifted);
  }
  const owner = (file: string): RecordSource => (first.files.includes(file) ? first : second);
  return {
    files: [...first.files, ...second.files],
    sources: [...first.sources, ...second.sources],
    format: second.format,
    bytesTotal: first.bytesTotal + second.bytesTotal,
    bytesRead: () => first.bytesRead() + second.bytesRead(),
    recordsTotal: () => {
      const rest = second.recordsTotal();
      return rest === null ? null : shift + rest;
    },
    objectSpans: () => [
      ...first.objectSpans(),
      ...second.objectSpans().map((span) => ({
        source: span.source,
        firstOrdinal: span.firstOrdinal === null ? null : span.firstOrdinal + shift,
        endOrdinal: span.endOrdinal === null ? null : span.endOrdinal + shift,
        ...(span.reading ? { reading: true } : {}),
      })),
    ],
    shardInputs: () => [...first.shardInputs(), ...second.shardInputs()],
    spreadMode: () => second.spreadMode(),
    batches,
    entries: async function* () {
      for await (const batch of batches()) yield* batch;
    },
    readRecordAt: (file, offset) => owner(file).readRecordAt(file, offset),
    close: async () => {
      await Promise.all([first.close(), second.close()]);
    },
  };
}
