import { describe, expect, it } from 'vitest';
import { holdsWholeTickHistory, joinTickHistory, reduceEvents, useAppStore } from '../../../renderer/src/store/app-store';
import type { EngineEvent } from '../../../shared/contract';
import { loadJobSpecSchema } from '../../../shared/job-spec';
import { emptyTotals, type JobTick, type LoadJobSnapshot } from '../../../shared/job-status';

/** The renderer's store: ticks arrive one event each and are appended; the history is fetched once and joined. */

const tick = (second: number): JobTick => ({
  atMs: second * 1000, second, read: second, written: second, rejected: 0, retried: 0, throttled: 0, consumedWcu: second, consumedRcu: 0,
  throttlesByReason: {}, latencyP50Ms: null, latencyP99Ms: null, inFlight: 0, targetWcuPerSecond: 100,
});

const job: LoadJobSnapshot = {
  kind: 'load', id: 'load-20261202-120000-abcdef', state: 'running', createdAtMs: 0, startedAtMs: 0, endedAtMs: null,
  spec: loadJobSpecSchema.parse({ kind: 'load', connection: { kind: 'sandbox' }, table: 'people', source: { path: '/x.csv' } }),
  totals: emptyTotals('load'), rateWcuPerSecond: 100, error: null, rejectsFile: null, cost: null, pauseReason: null, pausedBy: null,
  rateMode: { mode: 'fixed', wcuPerSecond: 100 }, capacity: null,
};
const tickEvent = (second: number): EngineEvent => ({ kind: 'job.tick', jobId: job.id, tick: tick(second), job });
const seconds = (ticks: readonly JobTick[] | undefined) => (ticks ?? []).map((t) => t.second);

describe('renderer store: ticks', () => {
  it('appends the one tick each event carries, in place, and counts them', () => {
    const empty = { jobs: {}, ticks: {}, tickCounts: {}, logs: {} };
    const first = reduceEvents(empty, [tickEvent(1), tickEvent(2)]);
    const series = first.ticks[job.id]!;
    const second = reduceEvents(first, [tickEvent(3)]);
    expect(seconds(second.ticks[job.id])).toEqual([1, 2, 3]);
    expect(second.ticks[job.id]).toBe(series); // appended, not copied
    expect(second.tickCounts[job.id]).toBe(3);
    expect(holdsWholeTickHistory(second, job.id)).toBe(true);
  });

  it('joins a late window\'s history with the ticks events brought while it was asked for', () => {
    const held = [tick(6), tick(7)];
    expect(holdsWholeTickHistory({ ticks: { [job.id]: held } }, job.id)).toBe(false);
    // The answer holds 1..6; tick 7 came by event before it: nothing lost, nothing twice.
    expect(seconds(joinTickHistory([1, 2, 3, 4, 5, 6].map(tick), held))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The answer is older than everything held: the held series is kept as it is.
    const whole = [1, 2, 3].map(tick);
    expect(joinTickHistory([tick(1), tick(2)], whole)).toBe(whole);
    // An empty answer changes nothing.
    expect(joinTickHistory([], held)).toBe(held);
  });

  it('loadTickHistory keeps the ticks that arrived before the history did', () => {
    useAppStore.setState({ ticks: {}, tickCounts: {} });
    useAppStore.getState().applyEvents([tickEvent(4)]);
    useAppStore.getState().loadTickHistory(job.id, [1, 2, 3].map(tick));
    expect(seconds(useAppStore.getState().ticks[job.id])).toEqual([1, 2, 3, 4]);
    expect(useAppStore.getState().tickCounts[job.id]).toBe(4);
    expect(holdsWholeTickHistory(useAppStore.getState(), job.id)).toBe(true);
  });
});
