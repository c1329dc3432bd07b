import { create } from 'zustand';
import type { AppInfo, ConnectionInfo, EngineEvent, TableSummary } from '../../../shared/contract';
import type { JobSnapshot, JobTick } from '../../../shared/job-status';
import { savePreference } from './preferences';
import type { View } from './view';

export type { View } from './view';
export { createFrameBatcher } from './frame-batcher';

/** One line of a job's event log. */
export interface LogLine {
  atMs: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** Everything the renderer shows, fed by command answers and engine events. */
export interface AppState {
  ready: boolean;
  appInfo: AppInfo | null;
  connections: ConnectionInfo[];
  connectionId: string | null;
  tables: TableSummary[];
  jobs: Record<string, JobSnapshot>;
  /**
   * Per-second ticks per job, oldest first. Append-only: new ticks are pushed onto the
   * job's array in place, because copying a day of history (86,400 ticks) every second
   * churns the garbage collector into long pauses. `tickCounts` changes with every
   * append, so it is what views subscribe to and compare.
   */
  ticks: Record<string, JobTick[]>;
  tickCounts: Record<string, number>;
  logs: Record<string, LogLine[]>;
  view: View;
  error: string | null;
  /** Show times in UTC instead of the local zone. */
  utc: boolean;
  helpOpen: boolean;
  setView(view: View): void;
  setError(error: string | null): void;
  selectConnection(connectionId: string): void;
  setUtc(utc: boolean): void;
  setHelpOpen(open: boolean): void;
  /** Jobs the operator just started or resumed: known at once, before their first event. */
  addJobs(jobs: JobSnapshot[]): void;
  /** A job started here, unless an engine event already brought a newer snapshot of it. */
  knowJob(job: JobSnapshot): void;
  /** The connection list as the engine answered it. */
  setConnections(connections: ConnectionInfo[]): void;
  /**
   * The ticks of a job from before this window heard of it (`getJobTicks`), joined with
   * the ticks events brought meanwhile: nothing is lost or held twice, whichever came first.
   */
  loadTickHistory(jobId: string, history: JobTick[]): void;
  applyEvents(events: EngineEvent[]): void;
}

const MAX_LOG_LINES = 500;

/** The app's store; engine events are applied in batches, at most once per animation frame. */
export const useAppStore = create<AppState>((set) => ({
  ready: false,
  appInfo: null,
  connections: [],
  connectionId: null,
  tables: [],
  jobs: {},
  ticks: {},
  tickCounts: {},
  logs: {},
  view: { page: 'jobs' },
  error: null,
  utc: false,
  helpOpen: false,
  setView: (view) => set({ view }),
  setError: (error) => set({ error }),
  selectConnection: (connectionId) => {
    savePreference('connectionId', connectionId);
    set({ connectionId, tables: [] });
  },
  setUtc: (utc) => {
    savePreference('utc', utc);
    set({ utc });
  },
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  addJobs: (added) => set((state) => ({ jobs: { ...state.jobs, ...Object.fromEntries(added.map((j) => [j.id, j])) } })),
  knowJob: (job) => set((state) => (state.jobs[job.id] ? state : { jobs: { ...state.jobs, [job.id]: job } })),
  setConnections: (connections) => set({ connections }),
  loadTickHistory: (jobId, history) => set((s) => {
    const held = s.ticks[jobId] ?? [];
    const joined = joinTickHistory(history, held);
    return joined === held ? s : { ticks: { ...s.ticks, [jobId]: joined }, tickCounts: { ...s.tickCounts, [jobId]: joined.length } };
  }),
  applyEvents: (events) => set((state) => reduceEvents(state, events)),
}));

/**
 * True when the store holds every tick of the job since its first second, so a page
 * need not ask the engine for its history: events bring each new tick once, and only a
 * window that joined late (or a resumed job's earlier run) needs the history, once.
 */
export function holdsWholeTickHistory(state: Pick<AppState, 'ticks'>, jobId: string): boolean {
  return state.ticks[jobId]?.[0]?.second === 1;
}

/**
 * A job's history as the engine answered it, followed by the ticks events brought that
 * are newer than its last; `held` itself when it already covers the history.
 */
export function joinTickHistory(history: readonly JobTick[], held: JobTick[]): JobTick[] {
  const lastSecond = history.at(-1)?.second;
  if (lastSecond === undefined) return held;
  if (held.length && held[0]!.second <= history[0]!.second && held.at(-1)!.second >= lastSecond) return held;
  const newer = held.filter((tick) => tick.second > lastSecond);
  return newer.length ? history.concat(newer) : history.slice();
}

/** Folds a batch of engine events into the job, tick and log records (ticks appended in place). */
export function reduceEvents(state: Pick<AppState, 'jobs' | 'ticks' | 'tickCounts' | 'logs'>, events: EngineEvent[]): Pick<AppState, 'jobs' | 'ticks' | 'tickCounts' | 'logs'> {
  const jobs = { ...state.jobs };
  const newTicks: Record<string, JobTick[]> = {};
  const newLogs: Record<string, LogLine[]> = {};
  for (const event of events) {
    if (event.kind === 'job.state') {
      jobs[event.job.id] = event.job;
    } else if (event.kind === 'job.tick') {
      jobs[event.jobId] = event.job;
      (newTicks[event.jobId] ??= []).push(event.tick);
    } else {
      (newLogs[event.jobId] ??= []).push({ atMs: event.atMs, level: event.level, message: event.message });
    }
  }
  let ticks = state.ticks;
  let tickCounts = state.tickCounts;
  if (Object.keys(newTicks).length) {
    tickCounts = { ...state.tickCounts };
    for (const [jobId, added] of Object.entries(newTicks)) {
      const series = ticks[jobId];
      if (series) {
        for (const tick of added) series.push(tick);
      } else {
        if (ticks === state.ticks) ticks = { ...state.ticks };
        ticks[jobId] = added;
      }
      tickCounts[jobId] = ticks[jobId]!.length;
    }
  }
  let logs = state.logs;
  if (Object.keys(newLogs).length) {
    logs = { ...state.logs };
    for (const [jobId, added] of Object.entries(newLogs)) {
      const lines = (state.logs[jobId] ?? []).concat(added);
      logs[jobId] = lines.length > MAX_LOG_LINES ? lines.slice(-MAX_LOG_LINES) : lines;
    }
  }
  return { jobs, ticks, tickCounts, logs };
}
