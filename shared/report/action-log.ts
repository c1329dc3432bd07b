import type { ActionActor, OperatorAction, OperatorActionKind, TableCapacityAtStart } from './run-facts';

/**
 * The actions applied to a running job (pause, resume, rate, mode, ceiling, stop), in
 * order, with the time the engine applied them. The lifecycle appends; the checkpoint
 * keeps them across resumes; the report lists them and marks them on its chart.
 */
export class ActionLog {
  private readonly actions: OperatorAction[] = [];
  private sink: ((action: OperatorAction) => void) | null = null;

  constructor(private readonly now: () => number) {}

  /** Appends one action, stamped now. */
  record(kind: OperatorActionKind, by: ActionActor, words: string): void {
    const action = { atMs: this.now(), kind, by, words };
    this.actions.push(action);
    this.sink?.(action);
  }

  /**
   * Hands every action recorded from now on to `sink` as well: a fleet coordinator keeps
   * them in Redis, where a coordinator that attaches after a restart finds them.
   */
  follow(sink: (action: OperatorAction) => void): void {
    this.sink = sink;
  }

  /** Puts back the actions of earlier runs (resume); a checkpoint of an older build has none. */
  restore(actions: readonly OperatorAction[] | undefined): void {
    this.actions.splice(0, this.actions.length, ...(actions ?? []));
  }

  /** A copy of every action so far. */
  all(): OperatorAction[] {
    return [...this.actions];
  }
}

/** The capacity part of what a job kind found when it described the table. */
export function tableCapacityOf(facts: { billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST'; provisionedWcu?: number | null; provisionedRcu?: number | null; maxOnDemandWcu?: number | null }): TableCapacityAtStart {
  return { billingMode: facts.billingMode, provisionedWcu: facts.provisionedWcu ?? null, provisionedRcu: facts.provisionedRcu ?? null, maxOnDemandWcu: facts.maxOnDemandWcu ?? null };
}
