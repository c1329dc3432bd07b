import { AppendFile } from '../checkpoint/append-file';

/**
 * A file a job appends lines to (the items `find` matched), kept in step with the
 * checkpoint: the checkpoint saves its length and a resumed job cuts it back to that
 * length, so the lines of a page read again after a crash are not written twice. A full
 * disk loses no line (see `AppendFile`).
 */
export class OutputFile {
  private constructor(private readonly file: AppendFile) {}

  get path(): string {
    return this.file.path;
  }

  /** Opens (or creates) the file, cut to `keepBytes`. */
  static async open(path: string, keepBytes = 0): Promise<OutputFile> {
    return new OutputFile(await AppendFile.open(path, keepBytes));
  }

  /** Adds one line (buffered until the next flush). */
  addLine(text: string): void {
    this.file.add(`${text}\n`);
  }

  /** Writes the lines buffered now and makes them durable; resolves to the file's durable length. */
  flush(): Promise<number> {
    return this.file.flush();
  }

  /** Flushes and closes. */
  close(): Promise<void> {
    return this.file.close();
  }
}
