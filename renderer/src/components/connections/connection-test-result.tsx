import type { ConnectionTest } from '../../../../shared/contract';
import { formatCount } from '../../../../shared/format';

/** A connection test's answer in words: it works (tables, latency), or what failed and what to do. */
export function ConnectionTestResult({ result }: { result: ConnectionTest }) {
  if (result.ok) {
    return (
      <p className="test-result ok" data-testid="connection-test-result">
        ✓ Works: {formatCount(result.tableCount)} {result.tableCount === 1 ? 'table' : 'tables'} listed in {formatCount(result.latencyMs)} ms.
      </p>
    );
  }
  return (
    <div className="test-result failed" data-testid="connection-test-result">
      <p>✗ {result.message} <span className="muted small">({result.name})</span></p>
      {result.hint && <p className="hint" data-testid="connection-test-hint">{result.hint}</p>}
    </div>
  );
}
