import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RecordSource, SourceEntry } from '../../../electron/engine/source/open-record-source';

/** A fresh temporary directory per test, removed by the returned function. */
export function tempDir(): { dir: string; write(name: string, content: string | Buffer, gzip?: boolean): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-source-'));
  return {
    dir,
    write(name, content, gzip = false) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every entry of a source, closing it after. */
export async function readAll(source: RecordSource): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  try {
    for await (const entry of source.entries()) out.push(entry);
  } finally {
    await source.close();
  }
  return out;
}

/** Entries keyed by ordinal, checking that no ordinal appears twice. */
export function byOrdinal(entries: SourceEntry[]): Map<number, SourceEntry> {
  const map = new Map<number, SourceEntry>();
  for (const entry of entries) {
    if (map.has(entry.ordinal)) throw new Error(`ordinal ${entry.ordinal} appears twice`);
    map.set(entry.ordinal, entry);
  }
  return map;
}

/** A sorted CSV of `rows` rows: id,name,amount. */
export function sortedCsv(rows: number, extra = ''): string {
  const lines = ['id,name,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${String(i).padStart(8, '0')},name ${i}${extra},${i * 3}`);
  return lines.join('\n') + '\n';
}
