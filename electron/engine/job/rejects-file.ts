import { open, type FileHandle } from 'node:fs/promises';
import type { RejectLine } from '../../../shared/job-report';

export type { RejectLine } from '../../../shared/job-report';

/**
 * The rejects file of a job, JSON lines, appended as records are rejected. Its length is
 * saved in every checkpoint; a resumed job cuts it back to that length, so a record
 * rejected after the last checkpoint is not listed twice.
 */
export class RejectsFile {
  private bytes: number;
  private pending: string[] = [];
  private readonly reasons = new Map<string, number>();
  private readonly samples: RejectLine[] = [];

  private constructor(readonly path: string, private readonly handle: FileHandle, bytes: number) {
    this.bytes = bytes;
  }

  /** Opens (or creates) the file, truncated to `keepBytes` when resuming. */
  static async open(path: string, keepBytes = 0): Promise<RejectsFile> {
    const handle = await open(path, 'a+');
    await handle.truncate(keepBytes);
    return new RejectsFile(path, handle, keepBytes);
  }

  /** Adds a rejected record (buffered until the next flush). */
  add(line: RejectLine): void {
    const text = `${JSON.stringify(line)}\n`;
    this.pending.push(text);
    this.bytes += Buffer.byteLength(text);
    const reason = summarizeReason(line.reason);
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (this.samples.length < 20) this.samples.push(line);
  }

  /** Writes buffered lines and makes them durable; returns the file's length. */
  async flush(): Promise<number> {
    if (this.pending.length > 0) {
      const chunk = this.pending.join('');
      this.pending = [];
      await this.handle.appendFile(chunk);
      await this.handle.sync();
    }
    return this.bytes;
  }

  /** Counts by reason (numbers and quoted values folded, so similar reasons group). */
  reasonCounts(): Record<string, number> {
    return Object.fromEntries(this.reasons);
  }

  /** The first rejects of this run, for the report. */
  sample(): RejectLine[] {
    return [...this.samples];
  }

  /** Flushes and closes. */
  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }
}

/** Folds the specifics out of a reason so the summary groups alike rejects. */
export function summarizeReason(reason: string): string {
  return reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 160);
}
