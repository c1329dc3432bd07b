import { command, errorWords } from '../api/command';
import { useState } from 'react';
import { isDestructiveOperation, type BackfillTrialResult } from '../../../shared/backfill-spec';
import { formatCount } from '../../../shared/format';
import { isFinalState, type JobSnapshot } from '../../../shared/job-status';
import { awaitJob } from '../components/backfill/await-job';
import { buildBackfillSpec, emptyDraft, type BackfillDraft, type SafetyChoice } from '../components/backfill/backfill-draft';
import { OperationForm } from '../components/backfill/operation-form';
import { SafetyPanel } from '../components/backfill/safety-panel';
import { TrialResultPanel } from '../components/backfill/trial-result-panel';
import { forecastBackfill } from '../components/capacity/capacity-forecast';
import { readRateWarning } from '../../../shared/capacity/read-rate-warning';
import { refusalForUi } from '../components/backfill/refusal-words';
import { TtlPanel } from '../components/backfill/ttl-panel';
import { useAttributeSample } from '../components/backfill/use-attribute-sample';
import { useTableDetails } from '../hooks/use-table-details';
import { connectionRefOf } from '../format/connection-ref';
import { capacityWords, keySchemaWords } from '../format/capacity-words';
import { requestNotificationPermission } from '../hooks/use-job-notifications';
import { useTables } from '../hooks/use-tables';
import { useAppStore } from '../store/app-store';
import { ModeFields } from '../components/dashboard/mode-fields';
import { RunOnChoice } from '../components/wizard/run-on-choice';
import { fleetSpecOf, LOCAL_RUN, queueCredentialsOf, runOnBlocker, type RunOnDraft } from '../components/wizard/run-on-draft';
import { ReasonButton } from '../components/reason-button';

/** Operations whose writes can destroy data (a copy only with overwrite, which the wizard does not offer). */
function needsSafety(kind: BackfillDraft['kind']): boolean {
  return kind !== 'copy' && isDestructiveOperation({ kind } as Parameters<typeof isDestructiveOperation>[0]);
}

/**
 * The backfill wizard: a table, an operation and its parameters, scan segments and
 * rates; a read-only trial that shows what would change and what it would take; for
 * destructive operations, PITR, a backup and the table's name typed to confirm; then
 * start. The engine has the last word, and its refusal is shown here in words.
 */
export function BackfillWizard() {
  const connectionId = useAppStore((s) => s.connectionId);
  const connection = useAppStore((s) => s.connections.find((c) => c.id === s.connectionId));
  const tables = useAppStore((s) => s.tables);
  const setView = useAppStore((s) => s.setView);
  const { refresh } = useTables();
  const [draft, setDraft] = useState<BackfillDraft>(emptyDraft);
  const [trialPercent, setTrialPercent] = useState('1');
  const [trial, setTrial] = useState<BackfillTrialResult | null>(null);
  const [trialState, setTrialState] = useState<'idle' | 'running' | 'failed'>('idle');
  const [trialError, setTrialError] = useState<string | null>(null);
  const [safety, setSafety] = useState<SafetyChoice>({ confirmTable: '', backup: 'none', override: false });
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [runOn, setRunOn] = useState<RunOnDraft>(LOCAL_RUN);

  const table = tables.find((t) => t.name === draft.table);
  const [detailsRead, setDetailsRead] = useState(0);
  const details = useTableDetails(connectionId, draft.table, false, detailsRead);
  const readWarning = readRateWarning(details, Number(draft.rcuPerSecond));
  const { sample, error: sampleError } = useAttributeSample(connectionId, draft.table);
  const destructive = needsSafety(draft.kind);
  const patch = (p: Partial<BackfillDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setTrial(null);
    setRefusal(null);
  };
  const built = connection ? buildBackfillSpec(draft, connectionRefOf(connection), destructive ? safety : null, null) : { error: 'Choose a connection.' };
  const confirmed = !destructive || safety.confirmTable === draft.table;
  const runOnBlock = runOnBlocker(runOn, null, connection?.kind ?? null);

  const run = async (trialFraction: number | null): Promise<JobSnapshot> => {
    const result = buildBackfillSpec(draft, connectionRefOf(connection!), destructive ? safety : null, trialFraction);
    if ('error' in result) throw new Error(result.error);
    // A trial reads a sample here; the real run goes where "Run on" says.
    const fleet = trialFraction === null ? fleetSpecOf(runOn) : undefined;
    const job = await command('startJob', fleet ? { spec: { ...result.spec, fleet }, queueCredentials: queueCredentialsOf(runOn) } : { spec: result.spec });
    useAppStore.getState().knowJob(job);
    return job;
  };

  const runTrial = async () => {
    setTrialState('running');
    setTrialError(null);
    setTrial(null);
    try {
      const fraction = Math.min(1, Math.max(0.0001, Number(trialPercent) / 100));
      const job = await run(fraction);
      const ended = await awaitJob(job.id, (j) => isFinalState(j.state));
      const result = await command('getTrialResult', { jobId: job.id });
      if (!result) throw new Error(ended.error ? `${ended.error.name}: ${ended.error.message}` : `The trial ended ${ended.state} without findings`);
      setTrial(result);
      setTrialState('idle');
    } catch (e) {
      setTrialError(errorWords(e));
      setTrialState('failed');
    }
  };

  const start = async () => {
    setStarting(true);
    setRefusal(null);
    requestNotificationPermission();
    try {
      const job = await run(null);
      const settled = await awaitJob(job.id, (j) => j.state !== 'validating');
      if (settled.state === 'failed' && settled.error) setRefusal(`${settled.error.name}: ${refusalForUi(settled.error.message)}`);
      else setView({ page: 'job', jobId: job.id });
    } catch (e) {
      setRefusal(errorWords(e));
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="page wizard" data-testid="backfill-wizard">
      <h1>Backfill</h1>
      <p className="muted">Walk a live table on <strong>{connection?.label ?? 'no connection'}</strong> with a shuffled parallel scan and change its items safely: every write is conditional, so the application's own writes are never overwritten, and the job can stop and resume anywhere.</p>

      <section className="card">
        <h2><span className="step">1</span> Table</h2>
        <div className="row">
          <label className="grow">Table
            <select data-testid="bf-table" value={draft.table} onChange={(e) => { patch({ table: e.target.value }); setSafety({ confirmTable: '', backup: 'none', override: false }); }}>
              <option value="">Choose a table…</option>
              {tables.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
            </select>
          </label>
          <button onClick={() => void refresh()}>Refresh</button>
        </div>
        {table && <p className="muted small" data-testid="bf-table-facts">Key: {keySchemaWords(table.keySchema)} · {capacityWords(table)}{table.itemCount ? ` · about ${formatCount(table.itemCount)} items` : ''}</p>}
        {sampleError && <p className="warn-text small" data-testid="bf-sample-error">Could not read a sample of {draft.table} to offer its attribute names: {sampleError}</p>}
      </section>

      <section className="card">
        <h2><span className="step">2</span> Operation</h2>
        <OperationForm draft={draft} tables={tables} sample={sample} onChange={patch} />
        {draft.kind === 'add-ttl' && connectionId && draft.table && (
          <TtlPanel connectionId={connectionId} tableName={draft.table} details={details} sample={sample} attribute={draft.attribute.trim()} fromAttribute={draft.fromAttribute.trim()}
            addDays={Number(draft.addDays)} onTtlChanged={() => setDetailsRead((n) => n + 1)} />
        )}
      </section>

      <section className="card">
        <h2><span className="step">3</span> Scan and rates</h2>
        <div className="row">
          <label>Segments<input data-testid="bf-segments" type="number" min={1} value={draft.segments} placeholder="from the table's size" onChange={(e) => patch({ segments: e.target.value })} /></label>
          <label>Read rate (RCU/s)<input data-testid="bf-rcu" type="number" min={1} value={draft.rcuPerSecond} onChange={(e) => patch({ rcuPerSecond: e.target.value })} /></label>
        </div>
        {readWarning && <p className="banner warn" data-testid="bf-read-rate-warning">{readWarning}</p>}
        <h3>Write rate</h3>
        <div data-testid="bf-write-mode">
          <ModeFields draft={draft.writeMode} set={(p) => patch({ writeMode: { ...draft.writeMode, ...p } })} testId={(key) => (key === 'wcuPerSecond' ? 'bf-wcu' : `bf-mode-${key}`)} />
        </div>
        <p className="muted small">Many small segments read in a random order spread the writes over every partition. On a live table, fill, share of organic and windows let the application keep what it needs. The read rate, and the write mode, can be changed while the job runs.</p>
        <h3>Run on</h3>
        <RunOnChoice value={runOn} onChange={setRunOn} sourcePath={null} connectionKind={connection?.kind ?? null} />
      </section>

      <section className="card">
        <h2><span className="step">4</span> Trial: before and after, without writing</h2>
        <div className="row">
          <label>Sample (% of segments)<input data-testid="bf-trial-percent" type="number" min={0.01} max={100} step="any" value={trialPercent} onChange={(e) => setTrialPercent(e.target.value)} /></label>
          <ReasonButton data-testid="bf-run-trial" blockedBy={'error' in built ? built.error : trialState === 'running' && 'The trial is running: its result appears below'} showReason={'error' in built} reasonTestId="bf-trial-blocked"
            title="Run the operation read-only on a sample of segments" onClick={() => void runTrial()}>{trialState === 'running' ? 'Trial running…' : 'Run trial'}</ReasonButton>
        </div>
        {trialError && <p className="error-text" data-testid="trial-error">{trialError}</p>}
        {trial ? <TrialResultPanel trial={trial} ttlAttribute={draft.kind === 'add-ttl' ? draft.attribute.trim() : null} forecast={forecastBackfill(details, trial.projected)} /> : trialState !== 'running' && <p className="muted small">The trial runs the operation read-only on a sample of segments and shows items that would change, an example before and after, and the projected capacity, duration and cost.</p>}
      </section>

      {destructive && connectionId && draft.table && (
        <section className="card">
          <h2><span className="step">5</span> Safety</h2>
          <SafetyPanel key={draft.table} connectionId={connectionId} tableName={draft.table} choice={safety} onChange={(c) => { setSafety(c); setRefusal(null); }} />
        </section>
      )}

      {refusal && (
        <div className="banner error refusal" data-testid="bf-refusal">
          <span>{refusal}</span>
          <span className="small">Nothing was written.</span>
        </div>
      )}
      <div className="actions">
        <label className="job-name">Job name (optional)<input data-testid="bf-name" value={draft.name} placeholder={draft.table ? `${draft.kind} on ${draft.table}` : 'Backfill'} onChange={(e) => patch({ name: e.target.value })} /></label>
        <ReasonButton className="primary big" data-testid="bf-start" showReason reasonTestId="bf-start-blocked" title={`Start the ${draft.kind} on ${draft.table}`}
          blockedBy={'error' in built ? built.error : !confirmed ? `Type ${draft.table} in the confirmation to start a destructive job.` : runOnBlock ?? (starting && 'Starting the backfill…')}
          onClick={() => void start()}>{starting ? 'Starting…' : 'Start backfill'}</ReasonButton>
      </div>
    </div>
  );
}
