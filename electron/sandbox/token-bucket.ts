/**
 * A token bucket measured in capacity units. DynamoDB admits a request while the
 * bucket is positive and charges the real cost afterwards, so the balance may go
 * negative (debt) and is repaid by later refills; long-run throughput is exactly the
 * refill rate, which is what the capacity rules promise.
 */
export class TokenBucket {
  /** Current balance in capacity units (negative while in debt). */
  tokens: number;
  private refilledAtMs: number;

  constructor(
    /** Refill rate in capacity units per second. */
    public ratePerSecond: number,
    /** Largest balance the bucket may hold (e.g. 300 s of burst, or 1 s for a partition). */
    public capacityUnits: number,
    initialTokens: number,
    nowMs: number,
  ) {
    this.tokens = Math.min(initialTokens, capacityUnits);
    this.refilledAtMs = nowMs;
  }

  /** Adds what accrued since the last refill; a time in the past is ignored. */
  refill(nowMs: number): void {
    const elapsedMs = nowMs - this.refilledAtMs;
    if (elapsedMs <= 0) return;
    this.refilledAtMs = nowMs;
    if (this.tokens >= this.capacityUnits) return;
    this.tokens = Math.min(this.capacityUnits, this.tokens + (this.ratePerSecond * elapsedMs) / 1000);
  }

  /** Balance after refilling to `nowMs`. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** True when a new request may start (balance strictly positive). */
  canStart(nowMs: number): boolean {
    return this.available(nowMs) > 0;
  }

  /** Charges `units` (may push the balance below zero); negative units refund. */
  charge(units: number): void {
    this.tokens = Math.min(this.capacityUnits, this.tokens - units);
  }

  /** Takes up to `units` without going into debt; returns what was taken. */
  takeUpTo(units: number, nowMs: number): number {
    const taken = Math.max(0, Math.min(units, this.available(nowMs)));
    this.tokens -= taken;
    return taken;
  }

  /** Changes rate and size; an existing balance above the new size is clipped. */
  reconfigure(ratePerSecond: number, capacityUnits: number, nowMs: number): void {
    this.refill(nowMs);
    this.ratePerSecond = ratePerSecond;
    this.capacityUnits = capacityUnits;
    if (this.tokens > capacityUnits) this.tokens = capacityUnits;
  }

  /** Sets the balance directly (admin: spend or fill the burst bank). */
  setTokens(units: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens = Math.min(units, this.capacityUnits);
  }
}
