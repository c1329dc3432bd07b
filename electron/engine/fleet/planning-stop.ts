import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatBytes } from '../../../shared/format';
import type { JobReport } from '../../../shared/job-report';
import type { JobSpec } from '../../../shared/job-spec';
import type { JobSnapshot } from '../../../shared/job-status';
import type { OperatorAction } from '../../../shared/report/run-facts';
import { readJsonIfExists, writeJsonDurably } from '../checkpoint/checkpoint-file';
import { buildJobReport } from '../lifecycle/job-report-builder';
import type { IndexProgress } from './object-shards';

/**
 * A fleet job stopped while its coordinator planned (during the index pass over a big
 * object, before any shard was queued) leaves what every other job leaves in its folder:
 * its spec and a report, here one that says it was stopped during planning and that
 * nothing was loaded. History lists it, "Run again" starts from its spec, and resuming it
 * plans it again under the same id (nothing of it was ever in Redis to attach to).
 */

/** The note that marks such a report, at the start of its words (what a resume looks for). */
export const STOPPED_WHILE_PLANNING = 'Stopped during planning';

/** The report's note: how far the index pass was, and that nothing was queued or loaded. */
export function stoppedWhilePlanningWords(last: IndexProgress | null): string {
  const where = last
    ? `the coordinator's index pass over ${last.object} had read ${formatBytes(last.bytesRead)} of ${formatBytes(last.bytesTotal)}`
    : 'the coordinator had not finished planning its shards';
  return `${STOPPED_WHILE_PLANNING}: ${where}; no shard was queued and nothing was loaded. Run it again (or resume it) to plan it anew.`;
}

/** Writes the job's spec and its stopped-during-planning report into `directory`; returns the report. */
export async function writeStoppedWhilePlanning(input: {
  directory: string;
  spec: JobSpec;
  /** The job as it ended (state stopped). */
  snapshot: JobSnapshot;
  notes: readonly string[];
  actions: OperatorAction[];
  /** The index pass's last progress, or null when it had not started. */
  last: IndexProgress | null;
}): Promise<JobReport> {
  await mkdir(input.directory, { recursive: true });
  await writeFile(join(input.directory, 'spec.json'), JSON.stringify(input.spec, null, 2));
  const report = buildJobReport({
    snapshot: input.snapshot, ticks: [], throttlesByReason: {}, rejectReasons: {}, rejectSamples: [],
    notes: [...input.notes, stoppedWhilePlanningWords(input.last)], actions: input.actions,
  });
  await writeJsonDurably(join(input.directory, 'report.json'), report);
  return report;
}

/** The job folder's report when it says the job was stopped during planning (so nothing of it is in Redis), else null. */
export async function stoppedWhilePlanningReport(directory: string): Promise<JobReport | null> {
  const report = await readJsonIfExists<JobReport>(join(directory, 'report.json')).catch(() => null);
  const marked = report?.job.state === 'stopped' && report.totals.read === 0 && report.notes.some((note) => note.startsWith(`${STOPPED_WHILE_PLANNING}:`));
  return marked ? report : null;
}
