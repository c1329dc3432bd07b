import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Where a job's worker threads come from. A local job starts its own and ends them with the
 * job (`NEW_THREADS`). A fleet worker runs many short shards one after another, and starting
 * a thread costs about 0.4 s of CPU, nearly all of it loading the thread's modules
 * (bench/shard-setup.ts, CPU profile of a worker): so it keeps the threads of a shard that
 * ended cleanly and hands them to the next shard (`KeptThreads`).
 *
 * An entry that can be kept takes its data from `workerData` when it is started, or from a
 * `{ type: 'run', data }` message when it is handed on, and answers `{ type: 'ready' }` either
 * way; it must drop everything of its previous run when a 'run' message comes.
 */
export interface JobThreads {
  /** A thread running `script` on `data`; it says 'ready' once it runs. */
  start(script: string, data: unknown, resourceLimits?: ResourceLimits): Worker;
  /**
   * The job is done with the thread. `idle`: its run ended cleanly with nothing in flight,
   * so it may be kept for another job; otherwise it is terminated.
   */
  end(worker: Worker, idle: boolean): Promise<void>;
}

/** The message that hands a kept thread its next run. */
export interface RunMessage<D> {
  type: 'run';
  data: D;
}

/** A new thread per start, terminated at its end: what a local job does. */
export const NEW_THREADS: JobThreads = {
  start: (script, data, resourceLimits) => new Worker(script, { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) }),
  end: async (worker) => {
    await worker.terminate();
  },
};

/** Threads kept between jobs (a fleet worker's shards), per entry script and heap limits. */
export class KeptThreads implements JobThreads {
  private readonly idle = new Map<string, Worker[]>();
  /** Which threads can take which runs: the same entry with the same heap limits. */
  private readonly keys = new WeakMap<Worker, string>();
  private closed = false;
  /** Threads started, and runs handed to a kept thread (what the fleet worker saved). */
  readonly counts = { started: 0, handedOn: 0 };

  /** `maxIdlePerScript`: threads kept beyond this many (per entry) are terminated. */
  constructor(private readonly maxIdlePerScript = 16) {}

  start(script: string, data: unknown, resourceLimits?: ResourceLimits): Worker {
    const key = `${script}\n${JSON.stringify(resourceLimits ?? {})}`;
    const kept = this.idle.get(key)?.pop();
    if (!kept) {
      const worker = NEW_THREADS.start(script, data, resourceLimits);
      this.keys.set(worker, key);
      this.counts.started++;
      return worker;
    }
    forgetListeners(kept);
    kept.ref();
    kept.postMessage({ type: 'run', data } satisfies RunMessage<unknown>);
    this.counts.handedOn++;
    return kept;
  }

  async end(worker: Worker, idle: boolean): Promise<void> {
    // The job's listeners go with the job; what the thread says between jobs is nobody's.
    forgetListeners(worker);
    const key = this.keys.get(worker) ?? '';
    const list = this.idle.get(key) ?? [];
    if (!idle || !key || this.closed || list.length >= this.maxIdlePerScript) {
      await worker.terminate();
      return;
    }
    list.push(worker);
    this.idle.set(key, list);
    const drop = () => {
      const at = list.indexOf(worker);
      if (at >= 0) list.splice(at, 1);
    };
    worker.on('error', drop);
    worker.once('exit', drop);
    // A kept thread does not hold the process open.
    worker.unref();
  }

  /** Threads kept now (all entries). */
  get size(): number {
    let n = 0;
    for (const list of this.idle.values()) n += list.length;
    return n;
  }

  /** Terminates every kept thread; threads ended later are terminated too. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/**
 * Removes a job's listeners from a thread. Only the public events: Node's Worker keeps its
 * own 'newListener'/'removeListener' hooks (they ref its message port), which must stay.
 */
function forgetListeners(worker: Worker): void {
  for (const event of ['message', 'messageerror', 'error', 'exit', 'online'] as const) worker.removeAllListeners(event);
}
