import type { JobSpec } from './job-spec';

/**
 * How a job is named wherever it appears (job cards, dashboards, history, reports): the
 * operator's name when given, else what it does and to which table; plus one line of
 * what it reads.
 */
export function jobTitle(spec: JobSpec): string {
  if (spec.name) return spec.name;
  if (spec.kind === 'load') return `Load → ${spec.table}`;
  return `${capitalize(spec.operation.kind)} on ${spec.table}`;
}

/** One line of what the job reads: the source path of a load, the scanned table of a backfill. */
export function jobSubject(spec: JobSpec): string {
  if (spec.kind === 'load') return spec.source.path;
  return `scan of ${spec.table}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
