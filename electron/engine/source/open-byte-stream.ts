import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { ByteSource } from './byte-source';

/** Read size: large enough that per-chunk costs vanish, small enough for many lanes at once. */
export const READ_CHUNK_BYTES = 256 * 1024;

/** A source's bytes as a stream (decompressed when gzip) and how many source bytes were read so far. */
export interface ByteStream {
  stream: Readable;
  /** Bytes read from the source itself (compressed bytes for gzip), for progress. */
  fileBytesRead(): number;
  destroy(): void;
}

/**
 * Opens a source (a local file or an S3 object) from a byte offset. A gzip source can
 * only be read from its start, so `startOffset` must be 0 for one (callers plan their
 * ranges that way).
 */
export function openByteStream(source: ByteSource, gzip: boolean, startOffset = 0, chunkBytes = READ_CHUNK_BYTES): ByteStream {
  const raw = source.openRange(startOffset, source.sizeBytes, chunkBytes);
  if (!gzip) {
    return { stream: raw.stream, fileBytesRead: raw.bytesRead, destroy: () => raw.stream.destroy() };
  }
  if (startOffset !== 0) throw new Error('A gzip file can only be read from its start');
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  raw.stream.on('error', (error) => gunzip.destroy(error));
  raw.stream.pipe(gunzip);
  return {
    stream: gunzip,
    fileBytesRead: raw.bytesRead,
    destroy: () => {
      raw.stream.destroy();
      gunzip.destroy();
    },
  };
}
