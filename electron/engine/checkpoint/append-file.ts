import { open, type FileHandle } from 'node:fs/promises';

/**
 * A file a job appends lines to (rejects, a `find`'s output), kept in step with the
 * checkpoint. Lines are buffered and written by `flush`, whose length is what a
 * checkpoint records; a resumed job cuts the file back to that length, so lines written
 * after the last checkpoint are not listed twice. A failed write (a full disk) loses
 * nothing: the file is cut back to its last durable length and the lines stay buffered
 * for the next flush. A file shorter than the checkpoint says is an error in words,
 * never padded.
 */
export class AppendFile {
  private pending: string[] = [];
  private pendingBytes = 0;
  private durableBytes: number;

  private constructor(readonly path: string, private readonly handle: FileHandle, bytes: number) {
    this.durableBytes = bytes;
  }

  /** Opens (or creates) the file, cut to `keepBytes` (what the checkpoint says is in it). */
  static async open(path: string, keepBytes = 0): Promise<AppendFile> {
    const handle = await open(path, 'a+');
    try {
      const { size } = await handle.stat();
      if (size < keepBytes) {
        throw Object.assign(new Error(`${path} holds ${size.toLocaleString('en-US')} bytes but the checkpoint counts ${keepBytes.toLocaleString('en-US')}: it was cut short outside Capstan, so lines in it are lost; the job cannot be resumed exactly`), { name: 'FileShorterThanCheckpoint' });
      }
      await handle.truncate(keepBytes);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new AppendFile(path, handle, keepBytes);
  }

  /** Buffers one line (with its newline); returns its length in bytes. */
  add(line: string): number {
    this.pending.push(line);
    const bytes = Buffer.byteLength(line);
    this.pendingBytes += bytes;
    return bytes;
  }

  /** Bytes on disk and buffered. */
  get lengthBytes(): number {
    return this.durableBytes + this.pendingBytes;
  }

  /**
   * Writes what is buffered now and makes it durable; resolves to the file's durable
   * length. What it writes is taken synchronously when it is called, so a caller that
   * records its own state in the same moment gets a state that matches the length.
   */
  flush(): Promise<number> {
    if (this.pending.length === 0) return Promise.resolve(this.durableBytes);
    const chunk = this.pending.join('');
    const chunkBytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const before = this.durableBytes;
    this.durableBytes += chunkBytes;
    return this.write(chunk).then(
      () => before + chunkBytes,
      async (error: unknown) => {
        // Nothing half-written stays: cut back, keep the lines for the next flush.
        this.durableBytes = before;
        this.pending.unshift(chunk);
        this.pendingBytes += chunkBytes;
        await this.handle.truncate(before).catch(() => undefined);
        throw error;
      },
    );
  }

  /** Flushes and closes; the handle is closed even when the last flush fails. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  private async write(chunk: string): Promise<void> {
    await this.handle.appendFile(chunk);
    await this.handle.sync();
  }
}
