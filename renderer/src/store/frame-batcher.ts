import type { EngineEvent } from '../../../shared/contract';

/**
 * Queues engine events and hands them to the store once per animation frame, so a burst
 * of ticks from many jobs costs one render, never one per event.
 */
export function createFrameBatcher(apply: (events: EngineEvent[]) => void): (event: EngineEvent) => void {
  let queue: EngineEvent[] = [];
  let scheduled = false;
  return (event) => {
    queue.push(event);
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const batch = queue;
      queue = [];
      apply(batch);
    });
  };
}
