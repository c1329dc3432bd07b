import { appendFile } from 'node:fs/promises';
import { readJsonLines } from '../checkpoint/json-lines';
import type { JobTick } from '../../../shared/job-status';

/**
 * A job's per-second series on disk (JSON lines), appended with every checkpoint, so the
 * history can draw a run that crashed, and a resumed run continues its own series.
 */
export class TickLog {
  private saved = 0;

  constructor(readonly path: string) {}

  /** Starts after the ticks already on disk (a resumed job). */
  resumeAfter(count: number): void {
    this.saved = count;
  }

  /** Appends the ticks not yet on disk. */
  async save(ticks: readonly JobTick[]): Promise<void> {
    if (ticks.length <= this.saved) return;
    const fresh = ticks.slice(this.saved);
    await appendFile(this.path, fresh.map((t) => JSON.stringify(t)).join('\n') + '\n');
    this.saved = ticks.length;
  }

  /** Every tick saved at `path`; an unreadable last line (a crash mid-write) is dropped. */
  static read(path: string): Promise<JobTick[]> {
    return readJsonLines<JobTick>(path);
  }
}
