import { describe, expect, it } from 'vitest';
import { senderPlan } from '../../../electron/engine/job/sender-plan';

describe('senderPlan', () => {
  it('leaves a core to the job thread and keeps min(4, cores) x inFlightPerWorker batches in flight', () => {
    const plans = [1, 2, 3, 4, 8, 16].map((cores) => {
      const plan = senderPlan({ inFlightPerWorker: 16 }, cores);
      return { cores, ...plan, total: plan.threads * plan.inFlightPerThread };
    });
    expect(plans).toEqual([
      { cores: 1, threads: 1, inFlightPerThread: 16, total: 16 },
      { cores: 2, threads: 1, inFlightPerThread: 32, total: 32 },
      { cores: 3, threads: 2, inFlightPerThread: 24, total: 48 },
      { cores: 4, threads: 3, inFlightPerThread: 22, total: 66 },
      { cores: 8, threads: 4, inFlightPerThread: 16, total: 64 },
      { cores: 16, threads: 4, inFlightPerThread: 16, total: 64 },
    ]);
  });

  it('takes the threads and the batches per thread as the spec names them', () => {
    expect(senderPlan({ workers: 2, inFlightPerWorker: 16 }, 2)).toEqual({ threads: 2, inFlightPerThread: 16 });
    expect(senderPlan({ workers: 6, inFlightPerWorker: 8 }, 2)).toEqual({ threads: 6, inFlightPerThread: 8 });
  });
});
