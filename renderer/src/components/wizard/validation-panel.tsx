import type { SampleValidation } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';

type Row = SampleValidation['rows'][number];

/** Rejected rows listed one by one; the rest are counted (a sample of 50 bad rows would push the page's buttons out of view). */
const LISTED_REJECTS = 8;

/**
 * The first rows of the source as the engine's own mapper treats them, against the
 * table's real key schema: how many would be written, and each one that would be
 * rejected with the engine's reason. `instantError` is a template problem found while
 * typing, before the engine is asked.
 */
export function ValidationPanel({ validation, checking, error, instantError }: { validation: SampleValidation | null; checking: boolean; error: string | null; instantError: string | null }) {
  const mappingError = instantError ?? validation?.mappingError ?? null;
  if (mappingError) return <p className="error-text" data-testid="sample-validation">The key templates cannot work: {mappingError}</p>;
  if (error) return <p className="error-text" data-testid="sample-validation">The engine could not check the sample: {error}</p>;
  if (!validation) return checking ? <p className="muted small" data-testid="sample-checking">Checking the first rows with the engine…</p> : null;
  const rows = validation.rows;
  if (rows.length === 0) return null;
  const rejected = rows.filter((r) => !r.ok);
  const ok = rows.filter((r): r is Row & { sizeBytes: number } => r.ok && r.sizeBytes !== null);
  const largest = ok.reduce((m, r) => Math.max(m, r.sizeBytes), 0);
  return (
    <div className={`validation ${rejected.length ? 'has-rejects' : 'all-ok'} ${checking ? 'stale' : ''}`} data-testid="sample-validation" data-checking={checking}>
      <p>
        <strong data-testid="sample-valid-count">{ok.length} of {rows.length}</strong> first rows would be written
        {rejected.length ? <>, <strong className="warn-text">{rejected.length} rejected</strong></> : ''}
        {ok.length ? ` · largest item ${formatBytes(largest)} (limit 400 KB)` : ''}
        {ok[0]?.key ? <> · first key <span className="mono">{ok[0].key}</span></> : ''}
      </p>
      {rejected.length > 0 && (
        <ul className="rejects" data-testid="sample-rejects">
          {rejected.slice(0, LISTED_REJECTS).map((r) => <li key={r.line}><span className="mono">line {r.line}</span>: {r.reason}</li>)}
          {rejected.length > LISTED_REJECTS && <li className="muted" data-testid="sample-rejects-more">…and {rejected.length - LISTED_REJECTS} more rejected rows{new Set(rejected.map((r) => r.reason)).size === 1 ? ', all for the same reason' : ''}</li>}
        </ul>
      )}
      <p className="muted small">Checked by the engine's own mapper on the first rows; the job checks every record the same way and writes the ones it refuses, with line and reason, to the rejects file.</p>
    </div>
  );
}
