import type { Redis } from 'ioredis';
import type { OperatorAction } from '../../../shared/report/run-facts';
import type { ActionLog } from '../../../shared/report/action-log';
import { fleetJobKeys } from './fleet-keys';

/**
 * A fleet job's operator actions (pause, resume, rates, mode, ceiling, stop) in Redis, in
 * the order they were applied: the coordinator appends each as it records it, and a
 * coordinator that attaches after a restart reads them back, so the dashboard's numbered
 * marks and the report list the actions from before the restart too. The coordinator is
 * the only writer (one per job); a list's RPUSH keeps the order of one connection's calls.
 */
export class FleetActionStore {
  private readonly key: string;

  constructor(private readonly redis: Redis, jobId: string) {
    this.key = fleetJobKeys(jobId).actions;
  }

  /** Appends one action. */
  async append(action: OperatorAction): Promise<void> {
    await this.redis.rpush(this.key, JSON.stringify(action));
  }

  /** Every action kept, oldest first (an entry that is not an action is left out). */
  async all(): Promise<OperatorAction[]> {
    const entries = await this.redis.lrange(this.key, 0, -1);
    return entries.flatMap((text) => {
      const action = parseAction(text);
      return action ? [action] : [];
    });
  }

  /** Removes the list (after the job's report). */
  async remove(): Promise<void> {
    await this.redis.del(this.key);
  }
}

function parseAction(text: string): OperatorAction | null {
  try {
    const value = JSON.parse(text) as Partial<OperatorAction>;
    if (typeof value.atMs !== 'number' || typeof value.kind !== 'string' || typeof value.by !== 'string' || typeof value.words !== 'string') return null;
    return { atMs: value.atMs, kind: value.kind, by: value.by, words: value.words };
  } catch {
    return null;
  }
}

/**
 * The job's operator actions, kept in Redis with the job: an attached coordinator puts the
 * ones from before its restart first, the ones recorded since it started (a window's pause)
 * are stored, and every later one is stored as it is recorded (a failed write is said, and
 * the action stays in this coordinator's report).
 */
export async function keepActions(actions: ActionLog, store: FleetActionStore, attached: boolean, log: (level: 'warn', message: string) => void): Promise<void> {
  const earlier = attached ? await store.all() : [];
  const since = actions.all();
  actions.restore([...earlier, ...since]);
  for (const action of since) await store.append(action);
  actions.follow((action) => {
    store.append(action).catch((error: unknown) => log('warn', `Could not keep the action "${action.words}" in Redis (${(error as Error).message}); this coordinator's report still lists it`));
  });
}
