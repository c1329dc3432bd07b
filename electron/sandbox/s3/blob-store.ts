import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { ByteRange } from './byte-range';

/** A blob being written: pipe the bytes into `stream`, then `commit()` (or `discard()` on failure). */
export interface BlobWriter {
  stream: Writable;
  commit(): Promise<string>;
  discard(): Promise<void>;
}

/**
 * Immutable byte blobs behind the S3 objects, on disk under the sandbox's data folder or in
 * memory. Bytes always move as streams, so serving or storing a 2 GB object on disk never
 * holds it in memory; a blob is never changed after commit, so a reader keeps a consistent
 * view while the key it belonged to is overwritten.
 */
export interface BlobStore {
  createWriter(): BlobWriter;
  /** Opens the blob (or an inclusive range of it) for reading; rejects when the blob is gone. */
  open(blobId: string, range?: ByteRange): Promise<Readable>;
  /** A new blob holding the given blobs one after the other (multipart completion). */
  concat(blobIds: string[]): Promise<string>;
  remove(blobId: string): Promise<void>;
  /** Every stored blob id (a restart drops the ones no object refers to). */
  list(): Promise<string[]>;
}

/** Blobs as files named by a random id in one folder. */
export class DiskBlobStore implements BlobStore {
  private constructor(private readonly folder: string) {}

  /** Creates the folder when missing. */
  static async open(folder: string): Promise<DiskBlobStore> {
    await mkdir(folder, { recursive: true });
    return new DiskBlobStore(folder);
  }

  createWriter(): BlobWriter {
    const blobId = randomUUID();
    const path = join(this.folder, blobId);
    const stream = createWriteStream(path);
    return {
      stream,
      commit: async () => blobId,
      discard: async () => {
        stream.destroy();
        await rm(path, { force: true });
      },
    };
  }

  async open(blobId: string, range?: ByteRange): Promise<Readable> {
    // Open first: a key overwritten (and its old blob deleted) after this still reads whole.
    const handle = await open(join(this.folder, blobId), 'r');
    return handle.createReadStream(range ? { start: range.startByte, end: range.endByteInclusive } : {});
  }

  async concat(blobIds: string[]): Promise<string> {
    const blobId = randomUUID();
    const path = join(this.folder, blobId);
    const output = await open(path, 'w');
    try {
      for (const partId of blobIds) {
        for await (const chunk of await this.open(partId)) await output.write(chunk as Buffer);
      }
      await output.close();
      return blobId;
    } catch (error) {
      await output.close().catch(() => undefined);
      await rm(path, { force: true });
      throw error;
    }
  }

  async remove(blobId: string): Promise<void> {
    await rm(join(this.folder, blobId), { force: true });
  }

  async list(): Promise<string[]> {
    return readdir(this.folder);
  }
}

/** Blobs as lists of buffers (the sandbox without `--data`). */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer[]>();

  createWriter(): BlobWriter {
    const chunks: Buffer[] = [];
    const blobId = randomUUID();
    return {
      stream: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      }),
      commit: async () => {
        this.blobs.set(blobId, chunks);
        return blobId;
      },
      discard: async () => undefined,
    };
  }

  async open(blobId: string, range?: ByteRange): Promise<Readable> {
    const chunks = this.blobs.get(blobId);
    if (!chunks) throw new Error(`blob ${blobId} is gone`);
    return Readable.from(sliceChunks(chunks, range), { objectMode: false });
  }

  async concat(blobIds: string[]): Promise<string> {
    const joined: Buffer[] = [];
    for (const blobId of blobIds) {
      const chunks = this.blobs.get(blobId);
      if (!chunks) throw new Error(`blob ${blobId} is gone`);
      joined.push(...chunks);
    }
    const blobId = randomUUID();
    this.blobs.set(blobId, joined);
    return blobId;
  }

  async remove(blobId: string): Promise<void> {
    this.blobs.delete(blobId);
  }

  async list(): Promise<string[]> {
    return [...this.blobs.keys()];
  }
}

function* sliceChunks(chunks: Buffer[], range: ByteRange | undefined): Generator<Buffer> {
  const start = range?.startByte ?? 0;
  const endExclusive = range ? range.endByteInclusive + 1 : Number.POSITIVE_INFINITY;
  let offset = 0;
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.length;
    if (chunkEnd > start && offset < endExclusive) yield chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, endExclusive - offset));
    offset = chunkEnd;
    if (offset >= endExclusive) return;
  }
}
