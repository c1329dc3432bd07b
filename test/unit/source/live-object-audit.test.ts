import { describe, expect, it } from 'vitest';
import { liveAuditOf } from '../../../electron/engine/source/live-object-audit';
import type { ObjectAuditLine } from '../../../shared/job-report';

const line = (name: string, state: ObjectAuditLine['state'], written: number, reason: string | null = null): ObjectAuditLine =>
  ({ name, sizeBytes: 10, records: state === 'pending' ? null : written, written, rejected: 0, state, reason, movedTo: null, moveError: null });

describe('the live per-object audit of a snapshot', () => {
  it('puts failed objects first, then those being loaded, then the rest in source order, and counts all', () => {
    const lines = [line('a', 'done', 5), line('b', 'pending', 0), line('c', 'pending', 3), line('d', 'failed', 1, 'truncated gzip'), line('e', 'done', 2)];
    const view = liveAuditOf(lines, 1234);
    expect(view.lines.map((l) => l.name)).toEqual(['d', 'c', 'a', 'b', 'e']);
    expect(view).toMatchObject({ objects: 5, done: 2, failed: 1, atMs: 1234 });
  });

  it('carries at most 300 lines but counts every object', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => line(`o${i}`, i === 999 ? 'failed' : 'done', 1));
    const view = liveAuditOf(lines, 0);
    expect(view.lines).toHaveLength(300);
    expect(view.lines[0]!.name).toBe('o999');
    expect(view).toMatchObject({ objects: 1000, done: 999, failed: 1 });
  });
});
