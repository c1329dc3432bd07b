import { useEffect } from 'react';
import { api } from './api/capstan-api';
import { JobList } from './components/job-list';
import { JobDashboard } from './pages/job-dashboard';
import { LoadWizard } from './pages/load-wizard';
import { createFrameBatcher, useAppStore } from './store/app-store';

/** The shell: header with the connection, the job list, and the page the operator is on. */
export function App() {
  const { ready, view, appInfo, connections, connectionId, error, setError } = useAppStore();

  useEffect(() => {
    const unsubscribe = api.onEvent(createFrameBatcher((events) => useAppStore.getState().applyEvents(events)));
    void (async () => {
      try {
        const [info, conns, jobs] = await Promise.all([api.getAppInfo({}), api.listConnections({}), api.listJobs({})]);
        const first = conns[0]?.id ?? null;
        const tables = first ? await api.listTables({ connectionId: first }) : [];
        useAppStore.setState({
          appInfo: info, connections: conns, connectionId: first, tables,
          jobs: Object.fromEntries(jobs.map((j) => [j.id, j])), ready: true,
        });
      } catch (e) {
        useAppStore.setState({ error: (e as Error).message, ready: true });
      }
    })();
    return unsubscribe;
  }, []);

  const connection = connections.find((c) => c.id === connectionId);
  return (
    <div className="shell" data-testid={ready ? 'app-ready' : 'app-loading'}>
      <header className="topbar">
        <div className="brand">
          <CapstanMark /> Capstan
        </div>
        <div className="connection" data-testid="connection">
          {connection ? (
            <>
              <span className={`dot ${connection.kind}`} aria-hidden />
              {connection.label}
              <span className="muted"> · {connection.region}{connection.endpoint ? ` · ${connection.endpoint}` : ''}</span>
            </>
          ) : (
            <span className="muted">No connection</span>
          )}
        </div>
        <div className="muted small">{appInfo ? `${appInfo.face} · v${appInfo.version}` : ''}</div>
      </header>
      {error && (
        <div className="banner error" role="alert" data-testid="error-banner">
          {error}
          <button className="link" onClick={() => setError(null)}>Dismiss</button>
        </div>
      )}
      <div className="body">
        <aside className="sidebar">
          <JobList />
        </aside>
        <main className="content">{view.page === 'job' ? <JobDashboard jobId={view.jobId} /> : <LoadWizard />}</main>
      </div>
    </div>
  );
}

/** The capstan mark: a drum with its bars, drawn inline so it needs no font or file. */
function CapstanMark() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden className="brand-mark">
      <ellipse cx="12" cy="6" rx="7" ry="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M7 7.5v9c0 1.4 2.2 2.5 5 2.5s5-1.1 5-2.5v-9" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M2 6h5M17 6h5M12 1v3" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}
