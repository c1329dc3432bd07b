import { afterAll, describe, expect, test } from 'vitest';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import { readAll, tempDir } from './source-fixtures';

/**
 * A record the table refuses after the job let go of it is read again from its file, by
 * the offset the source gave it: the text must be exactly the record the source read,
 * for plain and gzip files, quoted rows with line breaks, and JSON lines alike.
 */
describe('reading one record again by its offset', () => {
  const files = tempDir();
  afterAll(() => files.cleanup());

  const csv = 'id,name,note\n1,alpha,plain\n2,"beta, with comma","two\nlines"\r\n3,gamma,"quote "" inside"\n4,delta,last';

  test.each([false, true])('gives back every CSV record exactly as read (gzip: %s)', async (gzip) => {
    const path = files.write(gzip ? 'rows.csv.gz' : 'rows.csv', csv, gzip);
    const source = await openRecordSource({ path, format: 'csv', spread: false });
    const entries = await readAll(source);
    expect(entries).toHaveLength(4);
    for (const entry of entries) expect(await source.readRecordAt(entry.file, entry.offset)).toBe(entry.raw);
    await source.close();
  });

  test('gives back JSON lines, and refuses a file that is not the source\'s', async () => {
    const path = files.write('rows.jsonl', '{"id":1}\n\n{"id":2,"s":"é"}\n{"id":3}');
    const source = await openRecordSource({ path, format: 'jsonl', spread: false });
    const entries = await readAll(source);
    expect(entries.map((e) => e.raw)).toEqual(['{"id":1}', '{"id":2,"s":"é"}', '{"id":3}']);
    for (const entry of entries) expect(await source.readRecordAt(entry.file, entry.offset)).toBe(entry.raw);
    await expect(source.readRecordAt('/elsewhere.jsonl', 0)).rejects.toThrow(/not a file of this source/);
    await source.close();
  });
});
