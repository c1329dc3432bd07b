import { consumedRcuOf, type JobTick, type JobTotals } from '../../../shared/job-status';
import { TickLog } from '../lifecycle/tick-log';

/** The cumulative counts a tick is the difference of. */
type Counts = Record<'read' | 'written' | 'rejected' | 'retried' | 'throttled' | 'consumedWcu' | 'consumedRcu', number>;

const ZERO: Counts = { read: 0, written: 0, rejected: 0, retried: 0, throttled: 0, consumedWcu: 0, consumedRcu: 0 };

/**
 * A fleet job's per-second series as its coordinator sees it (one tick a second from the
 * summed shard totals), kept in the job's folder (ticks.jsonl, as a local job's) once its
 * shards are queued. A coordinator that attaches after a restart, with the same data
 * folder, reads the series its predecessor kept and continues it: the chart and the report
 * then place the operator's actions from before the restart at their own seconds, and the
 * first tick after it counts only what happened since the last one kept.
 */
export class FleetTickSeries {
  private readonly ticks: JobTick[] = [];
  private last: Counts = ZERO;
  private log: TickLog | null = null;
  private saving: Promise<void> = Promise.resolve();
  private saveProblem: string | null = null;

  /**
   * Keeps the series at `path` from now on. With `continueEarlier` (an attached
   * coordinator), the ticks already there come first; returns how many (0 when none).
   */
  async keepIn(path: string, continueEarlier: boolean): Promise<number> {
    const log = new TickLog(path);
    const earlier = continueEarlier ? await TickLog.read(path).catch(() => []) : [];
    if (earlier.length > 0) {
      this.ticks.splice(0, this.ticks.length, ...earlier, ...this.ticks);
      this.ticks.forEach((tick, i) => { tick.second = i + 1; });
      this.last = earlier.reduce((sum, t) => ({
        read: sum.read + t.read, written: sum.written + t.written, rejected: sum.rejected + t.rejected, retried: sum.retried + t.retried,
        throttled: sum.throttled + t.throttled, consumedWcu: sum.consumedWcu + t.consumedWcu, consumedRcu: sum.consumedRcu + t.consumedRcu,
      }), ZERO);
      log.resumeAfter(earlier.length);
    }
    this.log = log;
    return earlier.length;
  }

  /** The tick of this second, from the fleet's summed totals now and the shared rate in force; saved in the background. */
  add(t: JobTotals, targetWcuPerSecond: number): JobTick {
    const now: Counts = { read: t.read, written: t.written, rejected: t.rejected, retried: t.retried, throttled: t.throttled, consumedWcu: t.consumedWcu, consumedRcu: consumedRcuOf(t) };
    const before = this.last;
    this.last = now;
    const tick: JobTick = {
      atMs: Date.now(), second: this.ticks.length + 1, read: now.read - before.read, written: now.written - before.written, rejected: now.rejected - before.rejected,
      retried: now.retried - before.retried, throttled: now.throttled - before.throttled, consumedWcu: now.consumedWcu - before.consumedWcu, consumedRcu: now.consumedRcu - before.consumedRcu,
      throttlesByReason: {}, latencyP50Ms: null, latencyP99Ms: null, inFlight: 0, targetWcuPerSecond,
    };
    this.ticks.push(tick);
    const log = this.log;
    // One save at a time, in order (TickLog appends what it has not saved yet).
    if (log) this.saving = this.saving.then(() => log.save(this.ticks)).catch((error: unknown) => { this.saveProblem = (error as Error).message; });
    return tick;
  }

  /** Every tick so far, oldest first (the same array, appended to). */
  all(): JobTick[] {
    return this.ticks;
  }

  /** Resolves when every tick so far is saved; says why saving failed, or null. */
  async settled(): Promise<string | null> {
    await this.saving;
    return this.saveProblem;
  }
}
