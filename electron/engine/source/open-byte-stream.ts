import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Read size: large enough that per-chunk costs vanish, small enough for many lanes at once. */
export const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Whether a file is gzip, by its magic bytes (1f 8b) rather than its name, because
 * exports are often renamed and `.gz` is sometimes missing or wrong.
 */
export async function isGzipFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The uncompressed size a gzip file records in its last 4 bytes (modulo 4 GiB, and only
 * for its last member). Good enough to decide whether the input fits in memory.
 */
export async function gzipDeclaredSizeBytes(file: string, fileBytes: number): Promise<number> {
  if (fileBytes < 18) return 0;
  const handle = await open(file, 'r');
  try {
    const tail = Buffer.alloc(4);
    await handle.read(tail, 0, 4, fileBytes - 4);
    return tail.readUInt32LE(0);
  } finally {
    await handle.close();
  }
}

/** A file's bytes as a stream (decompressed when gzip) and how many file bytes were read so far. */
export interface ByteStream {
  stream: Readable;
  /** Bytes read from the file itself (compressed bytes for gzip), for progress. */
  fileBytesRead(): number;
  destroy(): void;
}

/**
 * Opens a file from a byte offset. A gzip file can only be read from its start, so
 * `startOffset` must be 0 for one (callers plan their ranges that way).
 */
export function openByteStream(file: string, gzip: boolean, startOffset = 0, chunkBytes = READ_CHUNK_BYTES): ByteStream {
  const raw: ReadStream = createReadStream(file, { start: startOffset, highWaterMark: chunkBytes });
  if (!gzip) {
    return { stream: raw, fileBytesRead: () => raw.bytesRead, destroy: () => raw.destroy() };
  }
  if (startOffset !== 0) throw new Error('A gzip file can only be read from its start');
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  return {
    stream: gunzip,
    fileBytesRead: () => raw.bytesRead,
    destroy: () => {
      raw.destroy();
      gunzip.destroy();
    },
  };
}
