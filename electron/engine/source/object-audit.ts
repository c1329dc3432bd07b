import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ObjectAuditLine } from '../../../shared/job-report';
import type { ObjectSpan } from './open-record-source';
import { isUnreadableRest } from './source-entry';

/** Per file: rejects counted and the first reason that says it could not be read to its end. */
async function rejectsByFile(rejectsPath: string): Promise<Map<string, { rejected: number; failure: string | null }>> {
  const byFile = new Map<string, { rejected: number; failure: string | null }>();
  const lines = createInterface({ input: createReadStream(rejectsPath).on('error', () => undefined), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      if (!text) continue;
      let line: { file?: string; reason?: string };
      try {
        line = JSON.parse(text) as { file?: string; reason?: string };
      } catch {
        continue; // a line cut by a crash: the checkpoint's length already excludes it
      }
      const entry = byFile.get(line.file ?? '') ?? { rejected: 0, failure: null };
      entry.rejected++;
      if (entry.failure === null && line.reason && isUnreadableRest(line.reason)) entry.failure = line.reason;
      byFile.set(line.file ?? '', entry);
    }
  } catch {
    // No rejects file (nothing rejected): every file counts zero.
  }
  return byFile;
}

/**
 * The per-object audit of a load: for every file or object of the source, its records
 * (from the ordinals the read gave it), how many were written (settled and not rejected)
 * and rejected (from the rejects file, so it holds across resumes), and its state. An
 * object being read counts what is settled so far and has no record count yet.
 */
export async function auditObjects(spans: ObjectSpan[], isSettled: (ordinal: number) => boolean, rejectsPath: string): Promise<ObjectAuditLine[]> {
  const rejects = await rejectsByFile(rejectsPath);
  return spans.map(({ source, firstOrdinal, endOrdinal, reading }) => {
    const { rejected, failure } = rejects.get(source.name) ?? { rejected: 0, failure: null };
    let settled = 0;
    if (firstOrdinal !== null && endOrdinal !== null) for (let ordinal = firstOrdinal; ordinal < endOrdinal; ordinal++) if (isSettled(ordinal)) settled++;
    const records = firstOrdinal !== null && endOrdinal !== null && !reading ? endOrdinal - firstOrdinal : null;
    const state = failure !== null ? 'failed' : records !== null && settled === records ? 'done' : 'pending';
    return { name: source.name, sizeBytes: source.sizeBytes, records, written: Math.max(0, settled - rejected), rejected, state, reason: failure, movedTo: null, moveError: null };
  });
}
