import type { Redis } from 'ioredis';
import type { SharedTokenBucket } from '../governor/token-bucket';
import type { FleetBudget, FleetState } from './fleet-budget';
import type { FleetResource } from './fleet-keys';

/**
 * A worker's end of the fleet budget. The worker's shard executors take capacity from a
 * local SharedTokenBucket exactly as a local job does; this pump keeps that bucket fed with
 * small leases from Redis (it refills at rate 0 and lives on deposits) and carries the
 * fleet's state into it: paused, stopped, a lost Redis or a missing job pause the bucket at
 * once, a rate cut drains it. A control-change message wakes the pump at once; a state read
 * at least every `stateReadMs` covers a missed message.
 */

/** Where the pump stands: the fleet's state, or 'disconnected' while Redis cannot be reached. */
export type PumpState = FleetState | 'missing' | 'disconnected';

/** Options of a lease pump. */
export interface LeasePumpOptions {
  budget: FleetBudget;
  resource: FleetResource;
  /** The local bucket the executors take from; create it with rate 0. */
  bucket: SharedTokenBucket;
  workerId: string;
  /** A connection in subscriber mode for control-change messages; null to rely on state reads alone. */
  subscriber: Redis | null;
  /** The longest time between two reads of the state (ms). */
  stateReadMs?: number;
  /** Called on every change of state. */
  onState?: (state: PumpState) => void;
}

/** What the pump has done, for the worker registry and the bench. */
export interface LeasePumpStats {
  leases: number;
  leasedUnits: number;
  /** Redis commands the pump sent (leases and state reads). */
  redisCommands: number;
}

const IDLE_MS = 5;
const RETRY_MS = 250;

/** Feeds a local bucket from the fleet budget until closed. */
export class LeasePump {
  readonly stats: LeasePumpStats = { leases: 0, leasedUnits: 0, redisCommands: 0 };
  private current: PumpState = 'paused';
  private lastRate = 0;
  private leaseUnits = 0;
  private lastReadMs = 0;
  private closed = false;
  private wake: (() => void) | null = null;
  private messageWaiting = false;
  private loopDone: Promise<void> | null = null;
  private readonly stateReadMs: number;
  private readonly onMessage = (channel: string) => {
    if (channel !== this.options.budget.keys.controlChannel) return;
    this.messageWaiting = true;
    this.wake?.();
  };

  constructor(private readonly options: LeasePumpOptions) {
    this.stateReadMs = options.stateReadMs ?? 250;
    options.bucket.pause();
  }

  /** The state last seen. */
  get state(): PumpState {
    return this.current;
  }

  /** Starts pumping (and listening for control changes). */
  async start(): Promise<void> {
    if (this.options.subscriber) {
      this.options.subscriber.on('message', this.onMessage);
      await this.options.subscriber.subscribe(this.options.budget.keys.controlChannel);
    }
    this.loopDone = this.loop();
  }

  /** Stops pumping; the local bucket stays paused. */
  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loopDone;
    this.options.bucket.pause();
    if (this.options.subscriber) {
      this.options.subscriber.off('message', this.onMessage);
      await this.options.subscriber.unsubscribe(this.options.budget.keys.controlChannel).catch(() => {});
    }
  }

  private async loop(): Promise<void> {
    const { budget, bucket, resource, workerId } = this.options;
    while (!this.closed) {
      let sleepMs = IDLE_MS;
      try {
        const readDue = this.messageWaiting || Date.now() - this.lastReadMs >= this.stateReadMs;
        this.messageWaiting = false;
        if (this.current === 'running' && bucket.tokens <= this.leaseUnits) {
          const lease = await budget.take(resource, workerId);
          this.stats.redisCommands++;
          this.lastReadMs = Date.now();
          this.apply(lease.state, lease.allowedRate);
          this.leaseUnits = lease.leaseUnits;
          if (lease.grantedUnits > 0 && lease.state === 'running') {
            bucket.deposit(lease.grantedUnits);
            this.stats.leases++;
            this.stats.leasedUnits += lease.grantedUnits;
            sleepMs = 0;
          } else if (lease.state === 'running') {
            sleepMs = Math.min(lease.waitMs, this.stateReadMs);
          } else {
            sleepMs = this.stateReadMs;
          }
        } else if (readDue) {
          const seen = await budget.peek(resource);
          this.stats.redisCommands++;
          this.lastReadMs = Date.now();
          this.apply(seen.state, seen.allowedRate);
          if (this.current !== 'running') sleepMs = this.stateReadMs;
        }
      } catch {
        this.apply('disconnected', 0);
        sleepMs = RETRY_MS;
      }
      if (sleepMs > 0 && !this.closed && !this.messageWaiting) await this.sleep(sleepMs);
    }
  }

  private apply(state: PumpState, allowedRate: number): void {
    const { bucket } = this.options;
    if (state === 'running') {
      if (bucket.paused) bucket.resume();
      if (allowedRate < this.lastRate) bucket.drain();
      this.lastRate = allowedRate;
    } else if (!bucket.paused) {
      bucket.pause();
    }
    if (state !== this.current) {
      this.current = state;
      this.options.onState?.(state);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
