import type { ByteSource } from './byte-source';
import { openByteStream, type ByteStream } from './open-byte-stream';
import { headerColumns, numberedColumns } from './record-decoder';
import { RecordSplitter, countFields, type RawRecord } from './record-splitter';
import { splitterOptions, type FileRange, type ReadSettings } from './read-file-range';

/** What the engine knows about one input file before reading it. */
export interface SourceFile {
  source: ByteSource;
  gzip: boolean;
  sizeBytes: number;
  /** Estimated decompressed size (the gzip trailer's figure, or the size itself). */
  textBytes: number;
}

/** The input cut into ranges that can be read independently, each knowing its first ordinal. */
export interface SourceIndex {
  ranges: FileRange[];
  recordsTotal: number;
}

/**
 * One pass over the input that finds record boundaries every `chunkBytes` without
 * decoding records (much cheaper than parsing). Reading the ranges it returns, in any
 * order and at once, numbers every record exactly as a front-to-back read would, which
 * is what lets spreading read from far-apart places without changing ordinals. A gzip
 * file cannot be entered in the middle, so it stays one range.
 */
export async function indexSource(
  files: SourceFile[],
  settings: ReadSettings,
  chunkBytes: number,
  register?: (stream: ByteStream | null) => void,
  isClosed: () => boolean = () => false,
): Promise<SourceIndex> {
  const ranges: FileRange[] = [];
  let ordinal = 0;
  for (const info of files) {
    if (isClosed()) break;
    const fileFirstOrdinal = ordinal;
    const anchors: { offset: number; line: number; ordinal: number }[] = [];
    let columns: string[] | null = null;
    let nextAnchorAt = chunkBytes;
    const splitter = new RecordSplitter(splitterOptions(settings));
    const bytes = openByteStream(info.source, info.gzip);
    register?.(bytes);
    const raws: RawRecord[] = [];
    const count = (): void => {
      for (const raw of raws) {
        if (raw.first && settings.format === 'csv') {
          columns = settings.header ? headerColumns(raw, settings.delimiter, info.source.name) : numberedColumns(countFields(raw.bytes, settings.delimiter.charCodeAt(0)));
          if (settings.header) continue;
        }
        if (!info.gzip && raw.offset >= nextAnchorAt && !raw.first) {
          anchors.push({ offset: raw.offset, line: raw.line, ordinal });
          nextAnchorAt = raw.offset + chunkBytes;
        }
        ordinal++;
      }
      raws.length = 0;
    };
    try {
      for await (const chunk of bytes.stream as AsyncIterable<Buffer>) {
        splitter.push(chunk, raws);
        count();
      }
      splitter.end(raws);
      count();
    } catch (error) {
      if (isClosed()) throw error;
      ordinal++; // the unreadable rest is one error entry (see readRawRange in read-file-range.ts)
    } finally {
      bytes.destroy();
      register?.(null);
    }
    const expectedFields = splitter.expectedFields;
    let start = { offset: 0, line: 1, expectedFields: -1 };
    let firstOrdinal = fileFirstOrdinal;
    let rangeColumns: string[] | null = null;
    for (const anchor of anchors) {
      ranges.push({ source: info.source, gzip: info.gzip, start, endOffset: anchor.offset, firstOrdinal, columns: rangeColumns });
      start = { offset: anchor.offset, line: anchor.line, expectedFields };
      firstOrdinal = anchor.ordinal;
      rangeColumns = columns;
    }
    ranges.push({ source: info.source, gzip: info.gzip, start, endOffset: Number.POSITIVE_INFINITY, firstOrdinal, columns: rangeColumns });
  }
  return { ranges, recordsTotal: ordinal };
}
