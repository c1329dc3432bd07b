import { useAppStore } from '../store/app-store';
import { SampleDataButton } from './sample-data-button';

/** What a new user should do first, with buttons that take them there. */
export function FirstSteps() {
  const setView = useAppStore((s) => s.setView);
  return (
    <section className="card empty-state" data-testid="empty-state">
      <h2>Start here</h2>
      <p><SampleDataButton /></p>
      <p className="muted small">Or step by step:</p>
      <ol className="steps">
        <li>
          Make a sample file in a terminal:
          <code className="command">npx capstan sample --rows 10000 --out customers.csv</code>
        </li>
        <li>
          Create a table on the sandbox (it is already selected: nothing here costs money).{' '}
          <button className="link-button" data-testid="empty-go-tables" onClick={() => setView({ page: 'tables' })}>Open Tables</button>
        </li>
        <li>
          Load the sample into it, watch the capacity chart, pause and change the rate while it runs.{' '}
          <button className="link-button" data-testid="empty-go-load" onClick={() => setView({ page: 'load' })}>New load</button>
        </li>
      </ol>
      <p className="muted small">Press <kbd>?</kbd> for keyboard shortcuts.</p>
    </section>
  );
}
