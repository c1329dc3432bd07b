import { describe, expect, it } from 'vitest';
import { newJobId } from '../../../electron/engine/job-manager';
import { assertJobId, isJobId, jobIdStartMs } from '../../../shared/job-id';

describe('job ids', () => {
  it('accepts every id the engine makes', () => {
    for (const kind of ['load', 'backfill']) {
      const id = newJobId(kind, new Date('2026-12-02T08:14:45.123Z'));
      expect(id).toMatch(new RegExp(`^${kind}-20261202-081445-[0-9a-f]{6}$`));
      expect(isJobId(id), id).toBe(true);
      expect(assertJobId(id)).toBe(id);
    }
  });

  it('refuses anything that could name another folder, in words', () => {
    for (const id of ['../x', 'load-20261202-081445-a1b2c3/..', 'load-20261202-081445-a1b2c3/../../x', '.', '..', '', 'load', 'load-20261202-081445-A1B2C3', 'load-20261202-081445-a1b2c3\0', 'a'.repeat(60) + '-20261202-081445-a1b2c3']) {
      expect(isJobId(id), id).toBe(false);
      expect(() => assertJobId(id), id).toThrow(/is not a job id as the engine makes them/);
    }
  });

  it('reads the UTC start to the second back from an id (what a restarted fleet coordinator counts the job from), and nothing from other text', () => {
    const id = newJobId('load', new Date('2026-12-02T08:14:45.987Z'));
    expect(jobIdStartMs(id)).toBe(Date.UTC(2026, 11, 2, 8, 14, 45));
    for (const other of ['load', '../load-20261202-081445-a1b2c3', 'load-20261202-081445-A1B2C3']) expect(jobIdStartMs(other), other).toBeNull();
  });
});
