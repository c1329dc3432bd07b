import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RejectsFile, summarizeReason } from '../../../electron/engine/lifecycle/rejects-file';

const line = (n: number, reason: string) => ({ file: '/in/people.csv', line: n, ordinal: n, key: null, reason, raw: `row ${n}` });

/** The rejects file's counts by reason: what the dashboard shows live and the report lists, across a resume too. */
describe('RejectsFile counts by reason', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'capstan-rejects-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('folds numbers whole, thousands separators and decimals included', () => {
    expect(summarizeReason('the item is 410,022 bytes; the limit is 409,600 bytes (400 KB)')).toBe('the item is N bytes; the limit is N bytes (N KB)');
    expect(summarizeReason('column "id" is 1.5')).toBe('column "…" is N');
  });

  it('lists the most frequent reason first, each with its first record, with the same counts as reasonCounts', async () => {
    const rejects = await RejectsFile.open(join(dir, 'rejects.jsonl'));
    rejects.add(line(2, 'column "id" is missing'));
    rejects.add(line(3, 'the item is 500,000 bytes'));
    rejects.add(line(4, 'column "name" is missing'));
    await rejects.close();
    expect(rejects.reasonCounts()).toEqual({ 'column "…" is missing': 2, 'the item is N bytes': 1 });
    expect(rejects.reasonSummary()).toEqual([
      { reason: 'column "…" is missing', count: 2, example: line(2, 'column "id" is missing') },
      { reason: 'the item is N bytes', count: 1, example: line(3, 'the item is 500,000 bytes') },
    ]);
  });

  it('a resumed job counts the lines its checkpoint kept, and not those written after it', async () => {
    const path = join(dir, 'rejects.jsonl');
    const first = await RejectsFile.open(path);
    first.add(line(2, 'column "id" is missing'));
    first.add(line(3, 'column "id" is missing'));
    const kept = await first.flush();
    first.add(line(9, 'lost after the checkpoint'));
    await first.close();
    const resumed = await RejectsFile.open(path, kept);
    resumed.add(line(12, 'the item is 1 bytes'));
    expect(resumed.reasonCounts()).toEqual({ 'column "…" is missing': 2, 'the item is N bytes': 1 });
    expect(resumed.reasonSummary()[0]).toEqual({ reason: 'column "…" is missing', count: 2, example: line(2, 'column "id" is missing') });
    await resumed.close();
  });
});
