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
          <span className="brand-mark" aria-hidden>⛵</span> Capstan
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
