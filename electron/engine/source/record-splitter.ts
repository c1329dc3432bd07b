/**
 * Finds record boundaries in a byte stream: lines for JSON lines, RFC 4180 rows for CSV
 * (quoted fields may hold delimiters, doubled quotes and line breaks). Works on bytes so
 * offsets are exact and invalid UTF-8 can be caught per record, and so a reader can start
 * at any boundary it found before and produce exactly the same records from there.
 *
 * Recovery from broken quotes, so one bad row does not swallow the file: a row spanning
 * several lines that is broken (text after a closing quote, a quote never closed, or a
 * field count that does not fit the first row) is reported as its first line only, and
 * reading goes on at the next line. A record longer than `maxRecordBytes` is reported
 * (its first 64 KB kept) and reading goes on after its first line.
 */

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const NO_QUOTE = Number.MAX_SAFE_INTEGER;
/** How much of an overlong record is kept for the rejects file. */
export const MAX_RAW_KEPT_BYTES = 64 * 1024;

/** One record's bytes and where they were. */
export interface RawRecord {
  /** Byte offset of the record's first byte in the (decompressed) file. */
  offset: number;
  /** 1-based line of the record's first byte. */
  line: number;
  /** The record without its line break; a subarray that stays valid (buffers are never reused). */
  bytes: Buffer;
  /** Whether the record has a quoted field (the fast field split does not apply). */
  quoted: boolean;
  /** Why the record cannot be parsed, in words; null when its shape is fine. */
  broken: string | null;
  /** The first record of a file read from its start: the header row when there is one. */
  first: boolean;
}

/** Where a splitter starts: a file's start, or a boundary an earlier pass found. */
export interface SplitterStart {
  offset: number;
  line: number;
  /** Field count of the file's first row, or -1 when starting at the file's start. */
  expectedFields: number;
}

/** Options of a splitter. */
export interface SplitterOptions {
  csv: boolean;
  /** CSV delimiter as a byte. */
  delimiter: number;
  maxRecordBytes: number;
}

/** Incremental record splitter: push chunks, collect records, then end. */
export class RecordSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private bufOffset: number;
  private line: number;
  private nextQuote = -1;
  private discarding: { offset: number; line: number; head: Buffer } | null = null;
  private seenFirst: boolean;
  /** Field count of the file's first row; multi-line rows must match it. */
  expectedFields: number;

  constructor(
    private readonly options: SplitterOptions,
    start: SplitterStart = { offset: 0, line: 1, expectedFields: -1 },
  ) {
    this.bufOffset = start.offset;
    this.line = start.line;
    this.expectedFields = start.expectedFields;
    this.seenFirst = start.offset > 0;
  }

  /** Byte offset of the next record not yet emitted. */
  get nextOffset(): number {
    return this.bufOffset + this.pos;
  }

  /** Line of the next record not yet emitted. */
  get nextLine(): number {
    return this.line;
  }

  /** Adds bytes; appends every record they complete to `out`. */
  push(chunk: Buffer, out: RawRecord[]): void {
    if (this.discarding) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.bufOffset += chunk.length;
        return;
      }
      const d = this.discarding;
      this.discarding = null;
      out.push({ offset: d.offset, line: d.line, bytes: d.head, quoted: false, broken: this.overlongReason(), first: false });
      this.line++;
      this.bufOffset += nl + 1;
      this.buf = chunk.subarray(nl + 1);
      this.pos = 0;
    } else if (this.pos < this.buf.length) {
      this.bufOffset += this.pos;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    } else {
      this.bufOffset += this.buf.length;
      this.buf = chunk;
      this.pos = 0;
      if (this.bufOffset === 0 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        this.pos = 3; // a UTF-8 byte order mark is not data
      }
    }
    this.nextQuote = -1;
    this.scan(false, out);
  }

  /** Ends the input; appends the last record (one without a final line break). */
  end(out: RawRecord[]): void {
    if (this.discarding) {
      const d = this.discarding;
      this.discarding = null;
      out.push({ offset: d.offset, line: d.line, bytes: d.head, quoted: false, broken: this.overlongReason(), first: false });
      return;
    }
    this.scan(true, out);
  }

  private overlongReason(): string {
    return `the record is longer than ${this.options.maxRecordBytes.toLocaleString('en-US')} bytes (usually a quote that is never closed); only its first ${MAX_RAW_KEPT_BYTES / 1024} KB are kept`;
  }

  private scan(final: boolean, out: RawRecord[]): void {
    while (this.pos < this.buf.length) {
      if (!this.scanOne(final, out)) break;
    }
    if (final || this.buf.length - this.pos <= this.options.maxRecordBytes) return;
    // The pending record is too long: report it, and go on after its first line.
    const start = this.pos;
    const nl = this.buf.indexOf(NEWLINE, start);
    if (nl >= 0) {
      const end = Math.min(nl, start + MAX_RAW_KEPT_BYTES);
      this.emit(out, start, end, false, this.overlongReason());
      this.pos = nl + 1;
      this.line++;
      this.scan(false, out);
      return;
    }
    this.discarding = {
      offset: this.bufOffset + start,
      line: this.line,
      head: Buffer.from(this.buf.subarray(start, start + MAX_RAW_KEPT_BYTES)),
    };
    this.bufOffset += this.buf.length;
    this.buf = Buffer.alloc(0);
    this.pos = 0;
  }

  private emit(out: RawRecord[], start: number, end: number, quoted: boolean, broken: string | null): void {
    const first = !this.seenFirst;
    this.seenFirst = true;
    const bytes = this.buf.subarray(start, end);
    if (first && this.options.csv && this.expectedFields < 0) this.expectedFields = countFields(bytes, this.options.delimiter);
    out.push({ offset: this.bufOffset + start, line: this.line, bytes, quoted, broken, first });
  }

  /** Consumes one record or blank line; false when the buffer ends inside a record. */
  private scanOne(final: boolean, out: RawRecord[]): boolean {
    const buf = this.buf;
    const start = this.pos;
    const nl = buf.indexOf(NEWLINE, start);
    const lineEnd = nl >= 0 ? nl : final ? buf.length : -1;
    if (lineEnd < 0) return false;
    if (this.options.csv && this.nextQuote !== NO_QUOTE && this.nextQuote < start) {
      const q = buf.indexOf(QUOTE, start);
      this.nextQuote = q < 0 ? NO_QUOTE : q;
    }
    if (!this.options.csv || this.nextQuote >= lineEnd) {
      let end = lineEnd;
      if (end > start && buf[end - 1] === CARRIAGE_RETURN) end--;
      // Length is checked on complete records too, so the outcome never depends on how
      // the bytes happened to arrive in chunks (a chunk reader must agree with a full read).
      if (end - start > this.options.maxRecordBytes) this.emit(out, start, start + MAX_RAW_KEPT_BYTES, false, this.overlongReason());
      else if (end > start) this.emit(out, start, end, false, null);
      this.pos = nl >= 0 ? nl + 1 : buf.length;
      this.line++;
      return true;
    }
    return this.scanQuoted(final, out, start, nl);
  }

  /** The byte-by-byte path for a row with quotes; rare, so simplicity beats speed here. */
  private scanQuoted(final: boolean, out: RawRecord[], start: number, firstNewline: number): boolean {
    const buf = this.buf;
    const delimiter = this.options.delimiter;
    let i = start;
    let inQuotes = false;
    let fieldStart = true;
    let afterQuote = false;
    let fields = 1;
    let lines = 0;
    let broken: string | null = null;
    let end = -1;
    while (i < buf.length) {
      const c = buf[i]!;
      if (inQuotes) {
        if (c === QUOTE) {
          if (i + 1 >= buf.length && !final) return false; // is it "" or the end? need the next byte
          if (buf[i + 1] === QUOTE) { i += 2; continue; }
          inQuotes = false;
          afterQuote = true;
        } else if (c === NEWLINE) {
          lines++;
        }
        i++;
        continue;
      }
      if (c === NEWLINE) { end = i; break; }
      if (c === delimiter) {
        fields++;
        fieldStart = true;
        afterQuote = false;
        i++;
        continue;
      }
      if (afterQuote && c !== CARRIAGE_RETURN) {
        broken ??= 'broken quotes: text follows a closing quote (a quote inside a quoted field must be doubled)';
        afterQuote = false;
      }
      if (c === QUOTE && fieldStart) inQuotes = true;
      // A quote in the middle of an unquoted field (5'10") is taken literally.
      fieldStart = false;
      i++;
    }
    if (end < 0) {
      if (!final) return false;
      end = buf.length;
      if (inQuotes) broken ??= 'broken quotes: a quoted field is never closed';
    }
    const misfit = this.expectedFields >= 0 && fields !== this.expectedFields;
    const overlong = end - start > this.options.maxRecordBytes;
    if (overlong) broken = this.overlongReason();
    if (lines > 0 && (broken !== null || misfit) && firstNewline >= 0) {
      // A broken multi-line row: keep its first line only, re-read the rest as rows.
      let lineEnd = Math.min(firstNewline, start + MAX_RAW_KEPT_BYTES);
      if (lineEnd > start && buf[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--;
      this.emit(out, start, lineEnd, true, broken ?? 'broken quotes: a quoted field is never closed on this line');
      this.pos = firstNewline + 1;
      this.line++;
      return true;
    }
    let recordEnd = overlong ? start + MAX_RAW_KEPT_BYTES : end;
    if (recordEnd > start && buf[recordEnd - 1] === CARRIAGE_RETURN) recordEnd--;
    this.emit(out, start, recordEnd, true, broken);
    this.pos = end < buf.length ? end + 1 : buf.length;
    this.line += 1 + lines;
    return true;
  }
}

/** Field count of a row, honouring quotes; used for the first row only. */
export function countFields(bytes: Buffer, delimiter: number): number {
  let fields = 1;
  let inQuotes = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === delimiter && !inQuotes) fields++;
  }
  return fields;
}
