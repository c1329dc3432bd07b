import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RejectsFile } from '../../../electron/engine/lifecycle/rejects-file';
import { dataValue } from '../../../shared/report/reject-reasons';

const line = (n: number, reason: string) => ({ file: '/in/people.csv', line: n, ordinal: n, key: null, reason, raw: `row ${n}` });
/** A reason as the code that rejects writes it (the item's size marked as data), and the line the file stores for it. */
const big = (bytes: string) => `the item is ${dataValue(bytes)} bytes`;
const stored = (n: number, reason: string, group: string) => ({ ...line(n, reason), group });

/** The rejects file's counts by reason: what the dashboard shows live and the report lists, across a resume too. */
describe('RejectsFile counts by reason', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'capstan-rejects-')); });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lists the most frequent reason first, each with its first record, with the same counts as reasonCounts', async () => {
    const rejects = await RejectsFile.open(join(dir, 'rejects.jsonl'));
    rejects.add(line(2, 'column "id" is missing'));
    rejects.add(line(3, big('500,000')));
    rejects.add(line(4, big('410,022')));
    rejects.add(line(5, 'column "name" is missing'));
    await rejects.close();
    expect(rejects.reasonCounts()).toEqual({ 'column "id" is missing': 1, 'column "name" is missing': 1, 'the item is … bytes': 2 });
    expect(rejects.reasonSummary()).toEqual([
      { reason: 'the item is … bytes', count: 2, example: stored(3, 'the item is 500,000 bytes', 'the item is … bytes') },
      { reason: 'column "id" is missing', count: 1, example: stored(2, 'column "id" is missing', 'column "id" is missing') },
      { reason: 'column "name" is missing', count: 1, example: stored(5, 'column "name" is missing', 'column "name" is missing') },
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
    resumed.add(line(12, big('1')));
    expect(resumed.reasonCounts()).toEqual({ 'column "id" is missing': 2, 'the item is … bytes': 1 });
    expect(resumed.reasonSummary()[0]).toEqual({ reason: 'column "id" is missing', count: 2, example: stored(2, 'column "id" is missing', 'column "id" is missing') });
    await resumed.close();
  });
});
