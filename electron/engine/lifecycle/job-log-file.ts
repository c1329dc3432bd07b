import { appendFile } from 'node:fs/promises';
import { readJsonLines } from '../checkpoint/json-lines';
import type { JobLogLine } from '../../../shared/contract';

/**
 * A job's event log on disk (JSON lines): what the dashboard's log showed, kept so a run
 * reopened from the history tells the same story. Lines are buffered and appended in
 * order, a few at a time.
 */
export class JobLogFile {
  private buffer: string[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Adds a line; it reaches the disk within the next write. */
  add(line: JobLogLine): void {
    this.buffer.push(JSON.stringify(line));
    if (this.buffer.length === 1) {
      this.writing = this.writing.then(() => this.flush()).catch(() => undefined);
    }
  }

  /** Resolves once every added line is on disk. */
  async settled(): Promise<void> {
    await this.writing;
  }

  private async flush(): Promise<void> {
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length) await appendFile(this.path, `${lines.join('\n')}\n`);
  }

  /** Every line saved at `path` (an unreadable last line is dropped). */
  static read(path: string): Promise<JobLogLine[]> {
    return readJsonLines<JobLogLine>(path);
  }
}
