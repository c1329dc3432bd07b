import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** A byte range being read: its stream and how many bytes it has delivered so far. */
export interface OpenedRange {
  stream: Readable;
  bytesRead(): number;
}

/**
 * The one way the source layer reads input bytes: a local file or an S3 object, each
 * with a size and ranged reads. Everything above it (gzip, record splitting, indexing,
 * spreading, resume by offset, rejects) works on this and never asks which it is.
 */
export interface ByteSource {
  /** How records name their origin: a local path or `s3://bucket/key`. */
  name: string;
  sizeBytes: number;
  /** A version noticed on resume: the S3 ETag, a file's modification time; null when unknown. */
  version: string | null;
  /** Bytes `[startByte, endByte)` as a stream of Buffers, read `chunkBytes` at a time. */
  openRange(startByte: number, endByte: number, chunkBytes: number): OpenedRange;
  /** Up to `length` bytes from `startByte` (fewer near the end): format sniffing, gzip trailers. */
  readBytes(startByte: number, length: number): Promise<Buffer>;
}

/** A local file as a byte source. */
export async function localByteSource(path: string): Promise<ByteSource> {
  const info = await stat(path);
  return {
    name: path,
    sizeBytes: info.size,
    version: String(info.mtimeMs),
    openRange: (startByte, endByte, chunkBytes) => {
      if (endByte <= startByte) return { stream: Readable.from([]), bytesRead: () => 0 };
      const stream = createReadStream(path, { start: startByte, ...(Number.isFinite(endByte) ? { end: endByte - 1 } : {}), highWaterMark: chunkBytes });
      return { stream, bytesRead: () => stream.bytesRead };
    },
    readBytes: async (startByte, length) => {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, info.size - startByte)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, startByte);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * Whether a source is gzip, by its magic bytes (1f 8b) rather than its name, because
 * exports are often renamed and `.gz` is sometimes missing or wrong.
 */
export async function isGzipSource(source: ByteSource): Promise<boolean> {
  const head = await source.readBytes(0, 2);
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * The uncompressed size a gzip source records in its last 4 bytes (modulo 4 GiB, and only
 * for its last member). Good enough to decide whether the input fits in memory.
 */
export async function gzipDeclaredSizeBytes(source: ByteSource): Promise<number> {
  if (source.sizeBytes < 18) return 0;
  const tail = await source.readBytes(source.sizeBytes - 4, 4);
  return tail.length === 4 ? tail.readUInt32LE(0) : 0;
}
