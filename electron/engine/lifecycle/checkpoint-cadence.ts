/**
 * When a job's checkpoint is saved: on a timer, soon after something asks for it (at
 * most `minGapMs` after the last save), and at once; never two saves at a time — a save
 * asked for during one runs right after it, and both callers wait for that second save.
 */
export class CheckpointCadence {
  private saving: Promise<void> | null = null;
  private saveAgain = false;
  private soonTimer: NodeJS.Timeout | null = null;
  private lastSaveAtMs = 0;
  private closed = false;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly options: { now: () => number; minGapMs: number; onError: (error: Error) => void },
  ) {}

  /** Saves now (after a save in progress); rejects when the save fails. */
  saveNow(): Promise<void> {
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        await this.save();
        this.lastSaveAtMs = this.options.now();
      } while (this.saveAgain);
    })().finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  /** Saves in the background; a failure goes to `onError`. */
  saveInBackground(): void {
    void this.saveNow().catch((error: unknown) => this.options.onError(error instanceof Error ? error : new Error(String(error))));
  }

  /** Saves within `minGapMs` of the last save. */
  saveSoon(): void {
    if (this.soonTimer || this.closed) return;
    const wait = Math.max(0, this.lastSaveAtMs + this.options.minGapMs - this.options.now());
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      this.saveInBackground();
    }, wait);
  }

  /** No more background saves (the job is ending; its last save is called directly). */
  close(): void {
    this.closed = true;
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = null;
  }
}
