import { formatBytes } from '../../../../shared/format';
import type { SampleResult } from './sample-item';

/**
 * The preview rows checked against the key schema and DynamoDB's limits: how many
 * would be written, and each one that would be rejected with the reason.
 */
export function ValidationPanel({ results, mappingError }: { results: SampleResult[]; mappingError: string | null }) {
  if (mappingError) return <p className="error-text" data-testid="sample-validation">The key templates cannot work: {mappingError}</p>;
  if (results.length === 0) return null;
  const rejected = results.filter((r): r is Extract<SampleResult, { ok: false }> => !r.ok);
  const ok = results.filter((r): r is Extract<SampleResult, { ok: true }> => r.ok);
  const largest = ok.reduce((m, r) => Math.max(m, r.sizeBytes), 0);
  return (
    <div className={`validation ${rejected.length ? 'has-rejects' : 'all-ok'}`} data-testid="sample-validation">
      <p>
        <strong data-testid="sample-valid-count">{ok.length} of {results.length}</strong> preview rows would be written
        {rejected.length ? <>, <strong className="warn-text">{rejected.length} rejected</strong></> : ''}
        {ok.length ? ` · largest item ${formatBytes(largest)} (limit 400 KB)` : ''}
        {ok[0] ? <> · first key <span className="mono">{ok[0].key}</span></> : ''}
      </p>
      {rejected.length > 0 && (
        <ul className="rejects" data-testid="sample-rejects">
          {rejected.map((r) => <li key={r.row}><span className="mono">row {r.row}</span>: {r.reason}</li>)}
        </ul>
      )}
      <p className="muted small">Checked here on the preview rows only. The engine checks every record the same way and writes the ones it refuses, with line and reason, to the rejects file.</p>
    </div>
  );
}
