import { appendFile, readFile } from 'node:fs/promises';
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
  static async read(path: string): Promise<JobLogLine[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return [];
    }
    const lines: JobLogLine[] = [];
    for (const row of text.split('\n')) {
      if (!row) continue;
      try {
        lines.push(JSON.parse(row) as JobLogLine);
      } catch {
        break;
      }
    }
    return lines;
  }
}
