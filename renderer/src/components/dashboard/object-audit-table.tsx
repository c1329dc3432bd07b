import type { ObjectAuditLine } from '../../../../shared/job-report';
import type { LiveObjectAudit } from '../../../../shared/job-status';
import { formatBytes, formatCount } from '../../../../shared/format';

/** A line's state in words: a pending object is either being loaded or still waiting. */
function stateWords(line: ObjectAuditLine): string {
  if (line.state !== 'pending') return line.state;
  return line.written + line.rejected > 0 ? 'loading' : 'waiting';
}

/**
 * The per-object audit of a load of S3 objects or several files: each object's records,
 * written, rejected, state and (when it failed) why; live while the job runs, the
 * report's own lines (with done/failed copies) once it ended.
 */
export function ObjectAuditTable({ audit }: { audit: LiveObjectAudit }) {
  const shown = audit.lines.length;
  return (
    <section className="card" data-testid="object-audit">
      <div className="card-head">
        <h2>Objects</h2>
        <span className="muted small" data-testid="object-audit-summary">
          {formatCount(audit.objects)} objects · {formatCount(audit.done)} done · {formatCount(audit.failed)} failed · {formatCount(audit.objects - audit.done - audit.failed)} not finished
        </span>
      </div>
      <div className="table-scroll object-audit">
        <table className="grid">
          <thead>
            <tr><th>Object</th><th>Size</th><th>Records</th><th>Written</th><th>Rejected</th><th>State</th><th>Reason / moved to</th></tr>
          </thead>
          <tbody>
            {audit.lines.map((line) => (
              <tr key={line.name} data-testid="object-audit-row" className={`object-${line.state}`}>
                <td className="object-name" title={line.name}>{line.name}</td>
                <td>{formatBytes(line.sizeBytes)}</td>
                <td>{line.records === null ? '—' : formatCount(line.records)}</td>
                <td>{formatCount(line.written)}</td>
                <td>{formatCount(line.rejected)}</td>
                <td data-testid="object-state"><span className={`object-state ${line.state}`}>{stateWords(line)}</span></td>
                <td className="object-reason">{line.reason ?? line.moveError ?? line.movedTo ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < audit.objects && <p className="muted small">Showing {formatCount(shown)} of {formatCount(audit.objects)}: failed and loading objects first; the report lists every object.</p>}
    </section>
  );
}
