import { open, type FileHandle } from 'node:fs/promises';

/**
 * A file a job appends lines to (the items `find` matched), kept in step with the
 * checkpoint: the checkpoint saves its length and a resumed job cuts it back to that
 * length, so the lines of a page read again after a crash are not written twice.
 */
export class OutputFile {
  private pending: string[] = [];

  private constructor(readonly path: string, private readonly handle: FileHandle, private bytes: number) {}

  /** Opens (or creates) the file, cut to `keepBytes`. */
  static async open(path: string, keepBytes = 0): Promise<OutputFile> {
    const handle = await open(path, 'a+');
    await handle.truncate(keepBytes);
    return new OutputFile(path, handle, keepBytes);
  }

  /** Adds one line (buffered until the next flush). */
  addLine(text: string): void {
    const line = `${text}\n`;
    this.pending.push(line);
    this.bytes += Buffer.byteLength(line);
  }

  /** Writes what is buffered and makes it durable; returns the file's length. */
  async flush(): Promise<number> {
    if (this.pending.length > 0) {
      const chunk = this.pending.join('');
      this.pending = [];
      await this.handle.appendFile(chunk);
      await this.handle.sync();
    }
    return this.bytes;
  }

  /** Flushes and closes. */
  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }
}
