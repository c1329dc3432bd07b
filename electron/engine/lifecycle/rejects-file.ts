import type { RejectLine } from '../../../shared/job-report';
import { AppendFile } from '../checkpoint/append-file';

export type { RejectLine } from '../../../shared/job-report';

/**
 * The rejects file of a job, JSON lines, appended as records are rejected. Its length is
 * saved in every checkpoint; a resumed job cuts it back to that length, so a record
 * rejected after the last checkpoint is not listed twice. Writing goes through
 * `AppendFile`: a full disk loses no line, and the length a checkpoint gets is on disk.
 */
export class RejectsFile {
  private readonly reasons = new Map<string, number>();
  private readonly samples: RejectLine[] = [];

  private constructor(private readonly file: AppendFile) {}

  get path(): string {
    return this.file.path;
  }

  /** Opens (or creates) the file, cut to `keepBytes` when resuming. */
  static async open(path: string, keepBytes = 0): Promise<RejectsFile> {
    return new RejectsFile(await AppendFile.open(path, keepBytes));
  }

  /** Adds a rejected record (buffered until the next flush). */
  add(line: RejectLine): void {
    this.file.add(`${JSON.stringify(line)}\n`);
    const reason = summarizeReason(line.reason);
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (this.samples.length < 20) this.samples.push(line);
  }

  /** Writes the lines buffered now and makes them durable; resolves to the file's durable length (see `AppendFile.flush`). */
  flush(): Promise<number> {
    return this.file.flush();
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
  close(): Promise<void> {
    return this.file.close();
  }
}

/** Folds the specifics out of a reason so the summary groups alike rejects. */
export function summarizeReason(reason: string): string {
  return reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 160);
}
