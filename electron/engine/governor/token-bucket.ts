/**
 * A token bucket of write (or read) capacity units that lives in a SharedArrayBuffer,
 * so the governor on the main thread and every sender worker see one bucket. A rate
 * change or a pause is visible to all workers at their next `tryTake`, within
 * microseconds, and no message has to travel for it.
 *
 * Refill is lazy: whoever takes tokens first adds what the elapsed time earned, under a
 * tiny spin lock. A take larger than the tokens on hand is granted when the bucket is
 * positive and leaves it in debt, so a 25-item batch of large items never starves.
 */

const INT_LOCK = 0;
const INT_PAUSED = 1;
const INT_CLOSED = 2;
const INT_COUNT = 4;

const F_TOKENS = 0;
const F_RATE = 1;
const F_BURST = 2;
const F_LAST_MS = 3;
const F_COUNT = 4;

/** Bytes of shared memory one bucket needs. */
export const TOKEN_BUCKET_BYTES = INT_COUNT * 4 + F_COUNT * 8;

/** The outcome of one attempt to take tokens. */
export type TakeResult =
  | { kind: 'granted' }
  | { kind: 'wait'; waitMs: number }
  | { kind: 'paused' }
  | { kind: 'closed' };

/** A view over a shared bucket; create it in one thread and `attach` in the others. */
export class SharedTokenBucket {
  readonly buffer: SharedArrayBuffer;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly now: () => number;

  private constructor(buffer: SharedArrayBuffer, now: () => number) {
    this.buffer = buffer;
    this.ints = new Int32Array(buffer, 0, INT_COUNT);
    this.floats = new Float64Array(buffer, INT_COUNT * 4, F_COUNT);
    this.now = now;
  }

  /** A new bucket holding no tokens, refilling at `ratePerSecond` up to `burstSeconds` of it. */
  static create(ratePerSecond: number, burstSeconds = 0.2, now: () => number = performanceNow): SharedTokenBucket {
    const bucket = new SharedTokenBucket(new SharedArrayBuffer(TOKEN_BUCKET_BYTES), now);
    bucket.floats[F_LAST_MS] = now();
    bucket.floats[F_TOKENS] = 0;
    bucket.setRate(ratePerSecond, burstSeconds);
    return bucket;
  }

  /** Another thread's view of an existing bucket. */
  static attach(buffer: SharedArrayBuffer, now: () => number = performanceNow): SharedTokenBucket {
    return new SharedTokenBucket(buffer, now);
  }

  /** Changes the refill rate; takes effect for every thread at once. */
  setRate(ratePerSecond: number, burstSeconds = 0.2): void {
    this.locked(() => {
      this.refill();
      this.floats[F_RATE] = Math.max(0, ratePerSecond);
      this.floats[F_BURST] = Math.max(1, ratePerSecond * burstSeconds);
      this.floats[F_TOKENS] = Math.min(this.floats[F_TOKENS]!, this.floats[F_BURST]!);
    });
  }

  /** The current refill rate, units per second. */
  get ratePerSecond(): number {
    return this.floats[F_RATE]!;
  }

  /** Stops every take until `resume`; tokens on hand are dropped so nothing leaves in a rush afterwards. */
  pause(): void {
    this.locked(() => {
      Atomics.store(this.ints, INT_PAUSED, 1);
      this.floats[F_TOKENS] = 0;
    });
  }

  /** Lets takes through again, refilling from now. */
  resume(): void {
    this.locked(() => {
      this.floats[F_LAST_MS] = this.now();
      Atomics.store(this.ints, INT_PAUSED, 0);
    });
  }

  /** True while paused. */
  get paused(): boolean {
    return Atomics.load(this.ints, INT_PAUSED) === 1;
  }

  /** Refuses every take from now on (the job is stopping). */
  close(): void {
    Atomics.store(this.ints, INT_CLOSED, 1);
  }

  /** True once closed. */
  get closed(): boolean {
    return Atomics.load(this.ints, INT_CLOSED) === 1;
  }

  /** Drops the tokens on hand (after a throttle, so no queued burst follows it). */
  drain(): void {
    this.locked(() => {
      this.refill();
      this.floats[F_TOKENS] = Math.min(0, this.floats[F_TOKENS]!);
    });
  }

  /** Tries to take `units`; says how long to wait when the bucket is empty. */
  tryTake(units: number): TakeResult {
    if (this.closed) return { kind: 'closed' };
    if (this.paused) return { kind: 'paused' };
    return this.locked((): TakeResult => {
      this.refill();
      const tokens = this.floats[F_TOKENS]!;
      if (tokens > 0) {
        this.floats[F_TOKENS] = tokens - units;
        return { kind: 'granted' };
      }
      const rate = this.floats[F_RATE]!;
      if (rate <= 0) return { kind: 'wait', waitMs: 50 };
      const missing = Math.max(-tokens, 0) + Math.min(units, 1);
      return { kind: 'wait', waitMs: Math.min(250, Math.max(1, (missing / rate) * 1000)) };
    });
  }

  /** Gives back tokens taken for a request that never left (e.g. the job was paused meanwhile). */
  giveBack(units: number): void {
    this.locked(() => {
      this.floats[F_TOKENS] = Math.min(this.floats[F_BURST]!, this.floats[F_TOKENS]! + units);
    });
  }

  /**
   * Adds units from outside (a lease from a fleet's shared budget; such a bucket refills at
   * rate 0 and lives on deposits), paying back any debt first. Nothing is capped: every
   * leased unit is spent.
   */
  deposit(units: number): void {
    this.locked(() => {
      this.floats[F_TOKENS] = this.floats[F_TOKENS]! + units;
    });
  }

  /** Units on hand now (negative while a large take is being paid back). */
  get tokens(): number {
    return this.locked(() => {
      this.refill();
      return this.floats[F_TOKENS]!;
    });
  }

  private refill(): void {
    const now = this.now();
    const last = this.floats[F_LAST_MS]!;
    if (now <= last) return;
    this.floats[F_LAST_MS] = now;
    if (Atomics.load(this.ints, INT_PAUSED) === 1) return;
    const earned = ((now - last) / 1000) * this.floats[F_RATE]!;
    if (earned <= 0) return;
    // Earning stops at the burst; deposits above it (fleet leases) are kept.
    const tokens = this.floats[F_TOKENS]!;
    this.floats[F_TOKENS] = Math.max(tokens, Math.min(this.floats[F_BURST]!, tokens + earned));
  }

  private locked<T>(fn: () => T): T {
    while (Atomics.compareExchange(this.ints, INT_LOCK, 0, 1) !== 0) {
      // The critical section is a handful of float operations; spinning is cheaper than sleeping.
    }
    try {
      return fn();
    } finally {
      Atomics.store(this.ints, INT_LOCK, 0);
    }
  }
}

function performanceNow(): number {
  return performance.timeOrigin + performance.now();
}
