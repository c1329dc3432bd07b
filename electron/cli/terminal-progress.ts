import type { EngineEvent } from '../../shared/contract';
import { jobProgress, type JobSnapshot } from '../../shared/job-status';

/**
 * Shows a job's progress on a terminal: a redrawn bar when stdout is a TTY, one plain
 * line every few seconds otherwise (logs, CI).
 */
export function createTerminalProgress(stream: NodeJS.WriteStream = process.stdout): (event: EngineEvent) => void {
  const tty = stream.isTTY === true;
  let lastLineAt = 0;
  return (event) => {
    if (event.kind === 'job.log') {
      if (tty) stream.write('\r\x1b[K');
      stream.write(`[${event.level}] ${event.message}\n`);
      return;
    }
    if (event.kind !== 'job.tick') return;
    const line = describeProgress(event.job, event.tick.written, event.tick.consumedWcu);
    if (tty) {
      stream.write(`\r\x1b[K${line}`);
    } else if (Date.now() - lastLineAt >= 5000) {
      lastLineAt = Date.now();
      stream.write(`${line}\n`);
    }
  };
}

/** One line: bar, percent, counts, rates. */
export function describeProgress(job: JobSnapshot, itemsPerSecond: number, wcuPerSecond: number): string {
  const t = job.totals;
  const fraction = jobProgress(t);
  const width = 24;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  return `${bar} ${(fraction * 100).toFixed(1)}%  written ${n(t.written)}  rejected ${n(t.rejected)}  ${n(itemsPerSecond)} items/s  ${n(wcuPerSecond)} WCU/s  (target ${n(job.rateWcuPerSecond)})  ${job.state}`;
}
