import type { JobSpec } from '../../../shared/job-spec';

/**
 * Where the operator is. Routing is state in the store, not a URL: the desktop app has
 * no address bar, and web mode's URL carries only the launch token.
 */
export type View =
  | { page: 'jobs' }
  | { page: 'job'; jobId: string }
  /** `prefill`: what "Try it with sample data" made, for the wizard to fill in. */
  | { page: 'load'; prefill?: LoadPrefill }
  | { page: 'backfill' }
  | { page: 'connections' }
  | { page: 'tables' }
  | { page: 'table'; tableName: string }
  | { page: 'history' }
  | { page: 'run'; jobId: string }
  /** A stored run's spec, shown for review before it runs again. */
  | { page: 'review'; fromRunId: string; spec: JobSpec }
  | { page: 'sandbox' };

/** A load wizard opened filled in: the source, the table and its key templates. */
export interface LoadPrefill {
  path: string;
  tableName: string;
  templates: Record<string, string>;
}

/** The pages the navigation lists, in order, with their keyboard shortcut. */
export const NAV_PAGES = [
  { page: 'connections', label: 'Connections', key: '1' },
  { page: 'tables', label: 'Tables', key: '2' },
  { page: 'load', label: 'New load', key: '3' },
  { page: 'backfill', label: 'Backfill', key: '4' },
  { page: 'jobs', label: 'Jobs', key: '5' },
  { page: 'history', label: 'History', key: '6' },
  { page: 'sandbox', label: 'Sandbox', key: '7' },
] as const;

/** A page the navigation can open directly (no parameter). */
export type NavPage = (typeof NAV_PAGES)[number]['page'];

/** The navigation entry a view belongs to (a job's dashboard belongs to Jobs). */
export function navPageOf(view: View): NavPage {
  switch (view.page) {
    case 'job':
      return 'jobs';
    case 'table':
      return 'tables';
    case 'run':
    case 'review':
      return 'history';
    default:
      return view.page;
  }
}
