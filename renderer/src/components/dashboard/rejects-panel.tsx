import type { RejectLine } from '../../../../shared/job-report';
import type { JobSnapshot } from '../../../../shared/job-status';
import { formatCount } from '../../../../shared/format';

/** Characters of an example shown in the row; the tooltip holds what the engine kept of it. */
const EXAMPLE_CHARS = 100;

/**
 * Rejected records by reason while the job runs: each reason with its count and the
 * first record rejected for it. The counts are the rejects file's own (the report lists
 * the same), so the operator can stop a load that rejects for a reason they can fix
 * instead of finding out at the end. Nothing is drawn until a record is rejected.
 */
export function RejectsPanel({ job }: { job: JobSnapshot }) {
  const reasons = job.rejectsByReason ?? [];
  const rejected = job.totals.rejected;
  if (rejected === 0 && reasons.length === 0) return null;
  const listed = reasons.reduce((sum, r) => sum + r.count, 0);
  const what = job.kind === 'load' ? 'records rejected' : 'items failed';
  return (
    <section className="card" data-testid="rejects-panel">
      <div className="card-head">
        <h2>{job.kind === 'load' ? 'Rejected records' : 'Failed items'}</h2>
        <span className="muted small" data-testid="rejects-total">{formatCount(rejected)} {what}{reasons.length ? ` · ${formatCount(reasons.length)} reason${reasons.length === 1 ? '' : 's'}` : ''}</span>
      </div>
      {reasons.length > 0 && <div className="table-scroll rejects-table">
        <table className="grid">
          <thead>
            <tr><th>Reason</th><th className="num">Count</th><th>First example</th></tr>
          </thead>
          <tbody>
            {reasons.map((r) => (
              <tr key={r.reason} data-testid="reject-reason-row">
                <td className="reject-reason" data-testid="reject-reason">{r.reason}</td>
                <td className="num" data-testid="reject-count">{formatCount(r.count)}</td>
                <ExampleCell example={r.example} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>}
      {reasons.length === 0 && <p className="muted small">{job.fleet
        ? "The fleet's counts by reason arrive with the shards' next checkpoints; the report lists every reason."
        : 'This job counts its rejects by reason at the end: the report lists them.'}</p>}
      {reasons.length > 0 && listed < rejected && (
        <p className="muted small" data-testid="rejects-unlisted">{formatCount(rejected - listed)} more are under less frequent reasons not listed here; the report counts every reason.</p>
      )}
      {job.rejectsFile && <p className="muted small">Every rejected record, with its raw text, is in {job.rejectsFile}.</p>}
    </section>
  );
}

/** Where the first record rejected for a reason came from, and its text (cut short; the tooltip holds more). */
function ExampleCell({ example }: { example: RejectLine | null }) {
  if (!example) return <td className="reject-example muted">not kept (the rejects file has every record)</td>;
  return (
    <td className="reject-example" title={example.raw}>
      <span className="muted">{example.file ? `${baseName(example.file)} ` : ''}line {formatCount(example.line)}{example.key ? ` · key ${example.key}` : ''}:</span>{' '}
      <code>{example.raw.length > EXAMPLE_CHARS ? `${example.raw.slice(0, EXAMPLE_CHARS)}…` : example.raw}</code>
    </td>
  );
}

/** The last part of a path or S3 key, so long folders do not push the example off screen. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
