import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RejectLine } from '../../../shared/job-report';
import type { RejectReasonCount } from '../../../shared/job-status';
import { groupOf, rankRejectReasons, storedRejectLine } from '../../../shared/report/reject-reasons';
import { AppendFile } from '../checkpoint/append-file';

/** An example's raw record is cut to this many characters in the live summary. */
const EXAMPLE_RAW_CHARS = 300;

export type { RejectLine } from '../../../shared/job-report';

/**
 * The rejects file of a job, JSON lines, appended as records are rejected. Its length is
 * saved in every checkpoint; a resumed job cuts it back to that length, so a record
 * rejected after the last checkpoint is not listed twice. Writing goes through
 * `AppendFile`: a full disk loses no line, and the length a checkpoint gets is on disk.
 * Its counts by reason are the one truth the dashboard (live) and the report (at the
 * end) both show; a resumed job counts the lines it kept, so they cover every run.
 */
export class RejectsFile {
  private readonly reasons = new Map<string, number>();
  private readonly examples = new Map<string, RejectLine>();
  private readonly samples: RejectLine[] = [];

  private constructor(private readonly file: AppendFile) {}

  get path(): string {
    return this.file.path;
  }

  /** Opens (or creates) the file, cut to `keepBytes` when resuming. */
  static async open(path: string, keepBytes = 0): Promise<RejectsFile> {
    const rejects = new RejectsFile(await AppendFile.open(path, keepBytes));
    if (keepBytes > 0) await rejects.countKept(path);
    return rejects;
  }

  /**
   * Adds a rejected record (buffered until the next flush). Its reason may carry data
   * value marks (shared/report/reject-reasons.ts): the line is stored with the reason's
   * words and its group.
   */
  add(line: RejectLine): void {
    const stored = storedRejectLine(line);
    this.file.add(`${JSON.stringify(stored)}\n`);
    this.count(stored);
  }

  private count(line: RejectLine): void {
    const reason = groupOf(line);
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    if (!this.examples.has(reason)) this.examples.set(reason, line);
    if (this.samples.length < 20) this.samples.push(line);
  }

  /** Counts the lines earlier runs left in the file (already cut to the checkpoint's length). */
  private async countKept(path: string): Promise<void> {
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const text of lines) {
      if (!text) continue;
      try {
        this.count(JSON.parse(text) as RejectLine);
      } catch {
        // A line cut by a crash past the checkpoint is gone already (the file was truncated); anything else unreadable is not counted.
      }
    }
  }

  /** Writes the lines buffered now and makes them durable; resolves to the file's durable length (see `AppendFile.flush`). */
  flush(): Promise<number> {
    return this.file.flush();
  }

  /** Counts by reason group (the data's values folded, the mapping's names kept; see `groupOf`). */
  reasonCounts(): Record<string, number> {
    return Object.fromEntries(this.reasons);
  }

  /**
   * The most frequent reasons with their counts and the first record of each (its raw
   * text cut short), for the live dashboard: the same counts as `reasonCounts`.
   */
  reasonSummary(): RejectReasonCount[] {
    return rankRejectReasons(this.reasons, (reason) => {
      const example = this.examples.get(reason) ?? null;
      return example && example.raw.length > EXAMPLE_RAW_CHARS ? { ...example, raw: `${example.raw.slice(0, EXAMPLE_RAW_CHARS)}…` } : example;
    });
  }

  /** The first rejects (of earlier runs too, when resumed), for the report. */
  sample(): RejectLine[] {
    return [...this.samples];
  }

  /** Flushes and closes. */
  close(): Promise<void> {
    return this.file.close();
  }
}
