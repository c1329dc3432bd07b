import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadSourceInput } from '../../../shared/job-spec';
import { openRecordSource } from '../../../electron/engine/source/open-record-source';
import type { SourceEntry } from '../../../electron/engine/source/source-entry';

/** A fresh temporary folder for one test file's fixtures, removed by the returned function. */
export async function fixtureFolder(): Promise<{ dir: string; path: (name: string) => string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-parquet-'));
  return { dir, path: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every entry of a source, in ordinal order, read without spreading unless asked. */
export async function readAll(source: LoadSourceInput, options: { seed?: number; skip?: (ordinal: number) => boolean } = {}): Promise<{ entries: SourceEntry[]; recordsTotal: number | null }> {
  const opened = await openRecordSource({ spread: false, ...source }, options);
  const entries: SourceEntry[] = [];
  try {
    for await (const entry of opened.entries()) entries.push(entry);
  } finally {
    await opened.close();
  }
  return { entries: entries.sort((a, b) => a.ordinal - b.ordinal), recordsTotal: opened.recordsTotal() };
}

/** The fields of record entries (failing the test on an error entry, with its reason). */
export function recordFields(entries: SourceEntry[]): Record<string, unknown>[] {
  return entries.map((e) => {
    if (e.kind !== 'record') throw new Error(`row ${e.line} of ${e.file} is an error: ${e.reason}`);
    return e.fields;
  });
}
