import { create } from 'zustand';
import type { AppInfo, ConnectionInfo, EngineEvent, TableSummary } from '../../../shared/contract';
import type { JobSnapshot, JobTick } from '../../../shared/job-status';

/** One line of a job's event log. */
export interface LogLine {
  atMs: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Where the operator is. */
export type View = { page: 'load' } | { page: 'job'; jobId: string };

/** Everything the renderer shows, fed by command answers and engine events. */
export interface AppState {
  ready: boolean;
  appInfo: AppInfo | null;
  connections: ConnectionInfo[];
  connectionId: string | null;
  tables: TableSummary[];
  jobs: Record<string, JobSnapshot>;
  ticks: Record<string, JobTick[]>;
  logs: Record<string, LogLine[]>;
  view: View;
  error: string | null;
  setView(view: View): void;
  setError(error: string | null): void;
  applyEvents(events: EngineEvent[]): void;
}

const MAX_LOG_LINES = 500;

/** The app's store; events are applied in batches, at most once per animation frame. */
export const useAppStore = create<AppState>((set) => ({
  ready: false,
  appInfo: null,
  connections: [],
  connectionId: null,
  tables: [],
  jobs: {},
  ticks: {},
  logs: {},
  view: { page: 'load' },
  error: null,
  setView: (view) => set({ view }),
  setError: (error) => set({ error }),
  applyEvents: (events) =>
    set((state) => {
      const jobs = { ...state.jobs };
      const ticks = { ...state.ticks };
      const logs = { ...state.logs };
      for (const event of events) {
        if (event.kind === 'job.state') {
          jobs[event.job.id] = event.job;
        } else if (event.kind === 'job.tick') {
          jobs[event.jobId] = event.job;
          ticks[event.jobId] = [...(ticks[event.jobId] ?? []), event.tick];
        } else {
          const lines = [...(logs[event.jobId] ?? []), { atMs: event.atMs, level: event.level, message: event.message }];
          logs[event.jobId] = lines.length > MAX_LOG_LINES ? lines.slice(-MAX_LOG_LINES) : lines;
        }
      }
      return { jobs, ticks, logs };
    }),
}));

/**
 * Queues engine events and hands them to the store once per animation frame, so a burst
 * of ticks from many jobs costs one render.
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
