import { afterEach, describe, expect, test } from 'vitest';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import type { SourceEntry } from '../../../electron/engine/source/source-entry';
import { byOrdinal, readAll, sortedCsv, tempDir } from './source-fixtures';

let fixture: ReturnType<typeof tempDir>;
afterEach(() => fixture?.cleanup());

/** Share of consecutive outputs that are neighbours in the input: 1 for input order, ~0 for a good spread. */
function neighbourShare(entries: SourceEntry[]): number {
  let neighbours = 0;
  for (let i = 1; i < entries.length; i++) if (Math.abs(entries[i]!.ordinal - entries[i - 1]!.ordinal) === 1) neighbours++;
  return neighbours / (entries.length - 1);
}

/** What must not change with the order: each ordinal's kind, line, offset and text. */
function identity(entries: SourceEntry[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const [ordinal, e] of byOrdinal(entries)) map.set(ordinal, `${e.kind}|${e.file}|${e.line}|${e.offset}|${e.raw}`);
  return map;
}

/** A CSV over several files with awkward rows (quotes, embedded newlines, broken rows). */
function awkwardInput(rows: number): string[] {
  const files: string[] = [];
  for (let f = 0; f < 3; f++) {
    const lines = ['id,name,amount'];
    for (let i = 0; i < rows; i++) {
      const n = f * rows + i;
      if (n % 97 === 5) lines.push(`${n},"quoted\nover two lines",${n}`);
      else if (n % 101 === 7) lines.push(`${n},"broken"x,${n}`);
      else if (n % 103 === 9) lines.push(`${n},"never closed,${n}`);
      else lines.push(`${n},plain ${n},${n}`);
    }
    files.push(fixture.write(`in/part-${f}.csv`, lines.join('\n') + '\n'));
  }
  return files;
}

describe('spreading', () => {
  test('in memory: same entries and ordinals as input order, in an order that is not the input order', async () => {
    fixture = tempDir();
    const path = fixture.write('sorted.csv', sortedCsv(5000));
    const plain = await readAll(await openRecordSource({ path, spread: false }));
    const source = await openRecordSource({ path }, { seed: 7 });
    const spread = await readAll(source);
    expect(source.spreadMode()).toBe('memory');
    expect(identity(spread)).toEqual(identity(plain));
    expect(neighbourShare(plain)).toBe(1);
    expect(neighbourShare(spread)).toBeLessThan(0.01);
  });

  test('above the budget: far-apart ranges stream with bounded memory and identical ordinals', async () => {
    fixture = tempDir();
    awkwardInput(8000);
    const spec = { path: `${fixture.dir}/in`, spreadMemoryBytes: 1024 * 1024 }; // the minimum budget
    const plain = await readAll(await openRecordSource({ ...spec, spread: false }));
    expect(plain.length).toBe(24_000);
    expect(plain.filter((e) => e.kind === 'error').length).toBeGreaterThan(100);

    const source = await openRecordSource(spec, { seed: 3, spreadChunkBytes: 16 * 1024, spreadLanes: 16 });
    expect(source.bytesTotal * 3).toBeGreaterThan(spec.spreadMemoryBytes); // the input is over the budget
    const spread: SourceEntry[] = [];
    let bytesAtFirst = -1;
    for await (const batch of source.batches()) {
      if (bytesAtFirst < 0) bytesAtFirst = source.bytesRead();
      spread.push(...batch);
    }
    expect(source.spreadMode()).toBe('far-apart');
    // Streaming: the first entries come out once each lane has read its first range, not the whole input.
    expect(bytesAtFirst).toBeLessThanOrEqual(16 * 16 * 1024);
    expect(bytesAtFirst).toBeLessThan(source.bytesTotal / 2);
    expect(source.bytesRead()).toBe(source.bytesTotal);
    expect(source.recordsTotal()).toBe(24_000);
    expect(identity(spread)).toEqual(identity(plain));
    expect(neighbourShare(spread)).toBeLessThan(0.15);
    // Far apart: in any window of 100 outputs, the ordinals span most of the input.
    const window = spread.slice(5000, 5100).map((e) => e.ordinal);
    expect(Math.max(...window) - Math.min(...window)).toBeGreaterThan(12_000);
  });

  test('an in-memory load that outgrows its budget switches to far-apart ranges', async () => {
    fixture = tempDir();
    // Gzip hides the size: highly compressible rows whose estimate looks small.
    const path = fixture.write('big.csv.gz', sortedCsv(60_000, ' '.repeat(40)), true);
    const source = await openRecordSource({ path, spreadMemoryBytes: 2 * 1024 * 1024 }, { seed: 1 });
    const entries = await readAll(source);
    expect(source.spreadMode()).toBe('far-apart');
    expect(byOrdinal(entries).size).toBe(60_000);
  });

  test('resume: skipped ordinals stay out in spread order too', async () => {
    fixture = tempDir();
    const path = fixture.write('s.csv', sortedCsv(3000));
    const done = (o: number): boolean => o % 3 === 0;
    for (const spreadMemoryBytes of [64 * 1024 * 1024, 1024 * 1024]) {
      const entries = await readAll(await openRecordSource({ path, spreadMemoryBytes }, { skip: done, seed: 9, spreadChunkBytes: 8 * 1024 }));
      expect(entries).toHaveLength(2000);
      expect(entries.some((e) => done(e.ordinal))).toBe(false);
    }
  });

  test('a fixed seed repeats the order; another seed gives another order', async () => {
    fixture = tempDir();
    const path = fixture.write('s.csv', sortedCsv(500));
    const order = async (seed: number) => (await readAll(await openRecordSource({ path }, { seed }))).map((e) => e.ordinal);
    expect(await order(5)).toEqual(await order(5));
    expect(await order(5)).not.toEqual(await order(6));
  });
});
