import type { EngineEvent } from '../../../shared/contract';
import { useAppStore } from '../store/app-store';
import { createFrameBatcher } from '../store/frame-batcher';
import { syntheticFillRun } from './synthetic-fill-run';
import { syntheticRun, syntheticTick } from './synthetic-run';

/** What the end-to-end test may call in the page. */
export interface CapstanTestHooks {
  /** Puts a synthetic job with `seconds` of history into the store (not into the engine). */
  injectRun(jobId: string, tableName: string, seconds: number): void;
  /** Puts a synthetic hour of a fill-mode load, with CloudWatch minutes, into the store. */
  injectFillRun(jobId: string, tableName: string): void;
  /** Streams synthetic ticks through the same per-frame path as engine events; resolves when done. */
  streamTicks(jobId: string, count: number, intervalMs: number): Promise<void>;
}

declare global {
  interface Window {
    /** Present only in web mode with `?test=1` in the URL. */
    __capstanTest?: CapstanTestHooks;
  }
}

/**
 * Installs `window.__capstanTest` when, and only when, the page runs in web mode (no
 * desktop bridge) and its URL asks for it with `test=1`. The hooks only touch this
 * page's store; they cannot reach the engine, so a stray `test=1` changes nothing real.
 */
export function installTestHooks(): void {
  if (window.capstan || new URLSearchParams(window.location.search).get('test') !== '1') return;
  const deliver = createFrameBatcher((events: EngineEvent[]) => useAppStore.getState().applyEvents(events));
  window.__capstanTest = {
    injectRun(jobId, tableName, seconds) {
      const { job, ticks } = syntheticRun(jobId, tableName, seconds, Date.now());
      useAppStore.setState((s) => ({ jobs: { ...s.jobs, [jobId]: job }, ticks: { ...s.ticks, [jobId]: ticks }, tickCounts: { ...s.tickCounts, [jobId]: ticks.length } }));
    },
    injectFillRun(jobId, tableName) {
      const { job, ticks } = syntheticFillRun(jobId, tableName, Date.now());
      useAppStore.setState((s) => ({ jobs: { ...s.jobs, [jobId]: job }, ticks: { ...s.ticks, [jobId]: ticks }, tickCounts: { ...s.tickCounts, [jobId]: ticks.length } }));
    },
    streamTicks(jobId, count, intervalMs) {
      return new Promise((resolve) => {
        let sent = 0;
        const timer = setInterval(() => {
          const state = useAppStore.getState();
          const job = state.jobs[jobId];
          const history = state.ticks[jobId] ?? [];
          if (!job || sent >= count) {
            clearInterval(timer);
            resolve();
            return;
          }
          const last = history[history.length - 1];
          const tick = syntheticTick(last ? last.second : 0, (job.startedAtMs ?? Date.now()));
          const totals = { written: job.totals.written + tick.written, read: job.totals.read + tick.read, consumedWcu: job.totals.consumedWcu + tick.consumedWcu };
          deliver({ kind: 'job.tick', jobId, tick, job: job.kind === 'load' ? { ...job, totals: { ...job.totals, ...totals } } : { ...job, totals: { ...job.totals, ...totals } } });
          if (sent % 5 === 0) deliver({ kind: 'job.log', jobId, atMs: tick.atMs, level: 'info', message: `synthetic tick ${tick.second}` });
          sent++;
        }, intervalMs);
      });
    },
  };
}
