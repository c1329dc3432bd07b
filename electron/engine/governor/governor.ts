import { DEFAULT_BACKOFF, initialBackoff, onThrottle, recover, withOperatorRate, type BackoffState, type BackoffTuning } from './throttle-backoff';
import { SharedTokenBucket } from './token-bucket';

/** Options of a job's governor. */
export interface GovernorOptions {
  /** The operator's rate, units per second. */
  operatorRate: number;
  /** A hard ceiling no mode or operator action can exceed. */
  maxRate?: number;
  now?: () => number;
  tuning?: BackoffTuning;
  /** A bucket made elsewhere (a job's proxy on another thread, which pauses it directly); a new one by default. */
  bucket?: SharedTokenBucket;
}

/**
 * The single place where a job's speed is decided. It owns the shared token bucket the
 * workers take from, and sets its rate from the operator's rate, the hard ceiling and the
 * throttle backoff. Call `update()` a few times a second.
 */
export class Governor {
  readonly bucket: SharedTokenBucket;
  private operatorRate: number;
  private readonly maxRate: number;
  private readonly now: () => number;
  private readonly tuning: BackoffTuning;
  private backoff: BackoffState;

  constructor(options: GovernorOptions) {
    this.now = options.now ?? Date.now;
    this.tuning = options.tuning ?? DEFAULT_BACKOFF;
    this.maxRate = options.maxRate ?? Infinity;
    this.operatorRate = Math.min(options.operatorRate, this.maxRate);
    this.backoff = initialBackoff(this.operatorRate, this.now());
    this.bucket = options.bucket ?? SharedTokenBucket.create(this.operatorRate);
    // A bucket fed from outside (a fleet's leases, rate 0) keeps its deposits: setting rate 0 would cap them away.
    if (options.bucket && this.operatorRate > 0) this.bucket.setRate(this.operatorRate);
  }

  /** The rate the operator asked for (after the ceiling). */
  get requestedRate(): number {
    return this.operatorRate;
  }

  /** The rate in force now: the operator's, lowered by throttle backoff. */
  get targetRate(): number {
    return this.bucket.paused ? 0 : this.backoff.allowedRate;
  }

  /** The operator moved the slider; a higher rate is reached gradually after throttles, a lower one at once. */
  setOperatorRate(rate: number): void {
    this.operatorRate = Math.min(rate, this.maxRate);
    this.backoff = withOperatorRate(this.backoff, this.operatorRate);
    this.apply();
  }

  /** A worker saw a throttle answer: cut hard at once and drop tokens on hand. */
  throttled(): void {
    const before = this.backoff.allowedRate;
    this.backoff = onThrottle(this.backoff, this.operatorRate, this.now(), this.tuning);
    if (this.backoff.allowedRate < before) {
      this.bucket.drain();
      this.apply();
    }
  }

  /** Periodic update: lets the rate climb back after throttles. */
  update(): void {
    this.backoff = recover(this.backoff, this.operatorRate, this.now(), this.tuning);
    this.apply();
  }

  /** No new request leaves until `resume`. */
  pause(): void {
    this.bucket.pause();
  }

  /** Requests flow again. */
  resume(): void {
    this.bucket.resume();
  }

  /** Refuses all further requests (stop). */
  close(): void {
    this.bucket.close();
  }

  private apply(): void {
    const rate = this.backoff.allowedRate;
    if (Math.abs(this.bucket.ratePerSecond - rate) > 1e-9) this.bucket.setRate(rate);
  }
}
