import { useAppStore } from '../store/app-store';
import { CapstanMark } from './capstan-mark';

/** The header: brand, the selected connection (a click opens Connections), UTC toggle, help. */
export function TopBar() {
  const { appInfo, connections, connectionId, utc, setUtc, setView, setHelpOpen } = useAppStore();
  const connection = connections.find((c) => c.id === connectionId);
  return (
    <header className="topbar">
      <div className="brand">
        <CapstanMark /> Capstan
      </div>
      <button className="connection plain" data-testid="connection" title="Change the connection" onClick={() => setView({ page: 'connections' })}>
        {connection ? (
          <>
            <span className={`dot ${connection.kind}`} aria-hidden />
            <span>{connection.label}</span>
            <span className="muted"> · {connection.region}{connection.endpoint ? ` · ${connection.endpoint}` : ''}</span>
          </>
        ) : (
          <span className="muted">No connection</span>
        )}
      </button>
      <label className="toggle" title="Show times in UTC (u)">
        <input type="checkbox" data-testid="utc-toggle" checked={utc} onChange={(e) => setUtc(e.target.checked)} />
        UTC
      </label>
      <button className="plain help-button" data-testid="help-button" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>?</button>
      <div className="muted small">{appInfo ? `${appInfo.face} · v${appInfo.version}` : ''}</div>
    </header>
  );
}
