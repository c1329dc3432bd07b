import { useEffect, useRef } from 'react';
import { ErrorBanner } from './components/error-banner';
import { HelpOverlay } from './components/help-overlay';
import { NavSidebar } from './components/nav-sidebar';
import { TopBar } from './components/top-bar';
import { useBootstrap } from './hooks/use-bootstrap';
import { useGlobalShortcuts } from './hooks/use-global-shortcuts';
import { useJobNotifications } from './hooks/use-job-notifications';
import { BackfillWizard } from './pages/backfill-wizard';
import { ConnectionsPage } from './pages/connections-page';
import { HistoryPage } from './pages/history-page';
import { JobDashboard } from './pages/job-dashboard';
import { JobsPage } from './pages/jobs-page';
import { LoadWizard } from './pages/load-wizard';
import { ReviewRun } from './pages/review-run';
import { RunView } from './pages/run-view';
import { SandboxPage } from './pages/sandbox-page';
import { TableDetailPage } from './pages/table-detail-page';
import { TablesPage } from './pages/tables-page';
import { useAppStore, type View } from './store/app-store';

/** The shell: header, navigation, and the page the operator is on. */
export function App() {
  useBootstrap();
  useGlobalShortcuts();
  useJobNotifications();
  const ready = useAppStore((s) => s.ready);
  const view = useAppStore((s) => s.view);
  const content = useRef<HTMLElement>(null);
  // A new page opens at its top (the content pane keeps its scroll otherwise: a dashboard
  // opened from the bottom of the wizard would hide its controls).
  useEffect(() => {
    content.current?.scrollTo(0, 0);
  }, [view]);
  return (
    <div className="shell" data-testid={ready ? 'app-ready' : 'app-loading'}>
      <TopBar />
      <ErrorBanner />
      <div className="body">
        <NavSidebar />
        <main className="content" ref={content}>{ready && <CurrentPage view={view} />}</main>
      </div>
      <HelpOverlay />
    </div>
  );
}

function CurrentPage({ view }: { view: View }) {
  switch (view.page) {
    case 'jobs':
      return <JobsPage />;
    case 'job':
      return <JobDashboard key={view.jobId} jobId={view.jobId} />;
    case 'load':
      return <LoadWizard />;
    case 'backfill':
      return <BackfillWizard />;
    case 'connections':
      return <ConnectionsPage />;
    case 'tables':
      return <TablesPage />;
    case 'table':
      return <TableDetailPage key={view.tableName} tableName={view.tableName} />;
    case 'history':
      return <HistoryPage />;
    case 'run':
      return <RunView key={view.jobId} jobId={view.jobId} />;
    case 'sandbox':
      return <SandboxPage />;
    case 'review':
      return <ReviewRun key={view.fromRunId} fromRunId={view.fromRunId} spec={view.spec} />;
  }
}
