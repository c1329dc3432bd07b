import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobReport } from '../../../shared/job-report';
import { runCli } from '../../support/built-app';
import { fixtureItem } from './backfill-fixtures';
import { ITEMS, SCAN, canonical, differences, expectCompleted, indexes, startRichTables, statusOf, type Canonical, type RichTables } from './rich-table';

// Find backfills end to end: exactly the matching items, as stored, in the output file
// (which replaces a stale one); every item once without a filter; an empty file when
// nothing matches.
describe('find backfills end to end', () => {
  let world: RichTables;

  beforeAll(async () => {
    world = await startRichTables('backfill-find');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  /** The items a find wrote, in canonical form by key; fails on a line listed twice. */
  async function foundItems(file: string): Promise<Map<string, Canonical>> {
    const text = await readFile(file, 'utf8');
    const lines = text === '' ? [] : text.trimEnd().split('\n');
    const found = new Map(lines.map((line) => {
      const item = JSON.parse(line) as Record<string, { S?: string }>;
      return [item.pk!.S!, canonical(item)] as const;
    }));
    expect(found.size, 'an item listed twice').toBe(lines.length);
    return found;
  }

  it('writes exactly the matching items, as stored, to the output file (capstan backfill --op find)', async () => {
    const { dir, source } = world;
    const out = join(dir, 'found.jsonl');
    // A stale file from an earlier run is replaced, not appended to.
    await writeFile(out, '{"pk":{"S":"stale"}}\n');
    const reportFile = join(dir, 'find-report.json');
    const { code, output } = await runCli([
      'backfill', '--endpoint', world.sandbox.url, '--table', 'source', '--op', 'find', '--out', out,
      '--filter', '#s = :s AND #n >= :min AND attribute_exists(#o)',
      '--name', '#s=status', '--name', '#n=n', '--name', '#o=owner', '--value', ':s=open', '--value', ':min=1000',
      '--segments', String(SCAN.segments), '--workers', String(SCAN.workers), '--page-limit', String(SCAN.pageLimit), '--read-rate', '6000',
      '--report', reportFile, '--data-dir', join(dir, 'cli-data'),
    ]);
    expect(code, output).toBe(0);
    const matching = indexes((i) => statusOf(i) === 'open' && i >= 1000 && i % 5 !== 0);
    expect(matching.length).toBeGreaterThan(300);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as JobReport;
    expectCompleted(report);
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: matching.length, unchanged: ITEMS - matching.length, skipped: 0, rejected: 0, pending: 0, balanced: true });
    expect(report.totals.consumedWcu).toBe(0);
    expect(report.notes.some((n) => n.includes(`(written to ${out})`))).toBe(true);

    const expected = new Map(matching.map((i) => [fixtureItem(i).pk!.S!, source.get(fixtureItem(i).pk!.S!)!]));
    expect(differences(await foundItems(out), expected)).toEqual([]);
  });

  it('without a filter lists every item once; a filter nothing matches leaves an empty file', async () => {
    const all = join(world.dir, 'all.jsonl');
    const report = await world.run({ table: 'source', operation: { kind: 'find', outputPath: all } });
    expectCompleted(report);
    expect(report.reconciliation).toMatchObject({ read: ITEMS, written: ITEMS, unchanged: 0, pending: 0, balanced: true });
    expect(differences(await foundItems(all), world.source)).toEqual([]);

    const none = join(world.dir, 'none.jsonl');
    const empty = await world.run({
      table: 'source',
      filter: { expression: '#s = :s', names: { '#s': 'status' }, values: { ':s': 'no such status' } },
      operation: { kind: 'find', outputPath: none },
    });
    expectCompleted(empty);
    expect(empty.reconciliation).toMatchObject({ read: ITEMS, written: 0, unchanged: ITEMS, pending: 0, balanced: true });
    expect(await readFile(none, 'utf8')).toBe('');
  });
});
