import { useState } from 'react';
import type { SampleValidation } from '../../../shared/contract';
import type { JobSpec } from '../../../shared/job-spec';
import { specRows } from '../../../shared/report/spec-rows';
import type { WriteMode } from '../../../shared/write-mode';
import { command } from '../api/command';
import { DEFAULT_FLEET_RANGE_MB } from '../../../shared/fleet-status';
import { ReviewFleetSignIn, signInCredentials, useFleetSignIn } from '../components/fleet/review-fleet-sign-in';
import { WriteModeChoice, writeModeBlocker } from '../components/write-mode/write-mode-choice';
import { findConnection } from '../format/connection-ref';
import { ValidationPanel } from '../components/wizard/validation-panel';
import { useJobStart } from '../hooks/use-job-start';
import { useSampleValidation } from '../hooks/use-sample-validation';
import { useTableHoldsItems } from '../hooks/use-table-holds-items';
import { useAppStore } from '../store/app-store';
import { ReasonButton } from '../components/reason-button';

/**
 * A stored run's spec, read before it runs again: every setting in words, for a load
 * what happens to the items its first run (or anyone since) left in the table, and the
 * source's first rows checked again (the file may have changed since). Nothing starts
 * until the operator presses Start; a re-run never overwrites silently, and a load whose
 * first rows would all be rejected starts only once the operator confirms it.
 */
export function ReviewRun({ fromRunId, spec }: { fromRunId: string; spec: JobSpec }) {
  const setView = useAppStore((s) => s.setView);
  const addJobs = useAppStore((s) => s.addJobs);
  const connection = useAppStore((s) => findConnection(spec.connection, s.connections));
  const [writeMode, setWriteMode] = useState<WriteMode | undefined>(spec.kind === 'load' ? spec.writeMode : undefined);
  const { starting, startJob } = useJobStart();
  const [startAnyway, setStartAnyway] = useState(false);
  const holdsItems = useTableHoldsItems(spec.kind === 'load' ? (connection?.id ?? null) : null, spec.table);
  const finalSpec: JobSpec = spec.kind === 'load' && writeMode ? { ...spec, writeMode } : spec;
  const sample = useSampleValidation(finalSpec.kind === 'load' && connection ? finalSpec : null, SAMPLE_ROWS);
  const noValidRow = noValidRowWords(sample.validation);
  const [signIn, setSignIn] = useFleetSignIn(spec.fleet?.queue ?? null);
  const blocker = !connection
    ? 'The connection this run used is not listed any more: add it on the Connections page.'
    : spec.fleet && signIn.held === null
      ? "Checking the fleet queue's sign-in…"
      : spec.kind === 'load'
        ? writeModeBlocker(spec.table, holdsItems, writeMode) ??
          (sample.checking && !sample.validation ? 'Checking the first rows of the source…' : noValidRow && !startAnyway ? `${noValidRow} Fix the source, or confirm below that it should start anyway.` : null)
        : null;

  const start = () => startJob(async () => {
    const queueCredentials = spec.fleet ? signInCredentials(signIn) : undefined;
    const job = await command('startJob', { spec: finalSpec, ...(queueCredentials ? { queueCredentials } : {}), ...(noValidRow && startAnyway ? { startWithoutValidSample: true } : {}) });
    addJobs([job]);
    return job;
  });

  return (
    <div className="page wizard" data-testid="review-run">
      <button className="link-button back" onClick={() => setView({ page: 'run', jobId: fromRunId })}>← Back to the run</button>
      <h1>Run again: review</h1>
      <p className="muted">The same spec as run {fromRunId}, as a new job. Check it before it starts; nothing is written until you press Start.</p>
      {spec.fleet && (
        <ReviewFleetSignIn queue={spec.fleet.queue} {...(spec.kind === 'load' ? { rangeMb: spec.fleet.rangeMb ?? DEFAULT_FLEET_RANGE_MB } : {})} value={signIn} onChange={setSignIn} />
      )}
      {spec.kind === 'load' && (
        <section className="card">
          <h2>Items already in {spec.table}</h2>
          <WriteModeChoice tableName={spec.table} holdsItems={holdsItems} value={writeMode} onChange={setWriteMode} />
        </section>
      )}
      {finalSpec.kind === 'load' && connection && (
        <section className="card" data-testid="review-sample">
          <h2>First rows of the source, checked again</h2>
          <ValidationPanel validation={sample.validation} checking={sample.checking} error={sample.error} instantError={null} />
          {noValidRow && (
            <label className="checkbox warn-text" data-testid="start-anyway">
              <input type="checkbox" data-testid="start-without-valid-sample" checked={startAnyway} onChange={(e) => setStartAnyway(e.target.checked)} />
              Start anyway: I expect every record to be rejected (they go to the rejects file, and the run will not count as a success).
            </label>
          )}
        </section>
      )}
      <section className="card">
        <h2>Spec</h2>
        <table className="spec-table" data-testid="review-spec">
          <tbody>
            {specRows(finalSpec).map((row) => (
              <tr key={row.path}><th>{row.label}</th><td>{row.value}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="actions">
        <ReasonButton className="primary big" data-testid="review-start" blockedBy={blocker ?? (starting && 'Starting…')} showReason={!!blocker} reasonTestId="review-blocked"
          title="Start a new job with this spec" onClick={() => void start()}>
          {starting ? 'Starting…' : spec.kind === 'load' ? 'Start load' : 'Start backfill'}
        </ReasonButton>
      </div>
    </div>
  );
}

/** Rows of the source checked again before a re-run: the same count the engine's start check reads. */
const SAMPLE_ROWS = 50;

/** Why the sample says the load would write nothing, in words; null when a row is valid or nothing is known yet. */
function noValidRowWords(validation: SampleValidation | null): string | null {
  if (!validation) return null;
  if (validation.mappingError) return `The key mapping cannot work (${validation.mappingError}): every record would be rejected.`;
  if (validation.rows.length === 0 || validation.rows.some((r) => r.ok)) return null;
  return `None of the first ${validation.rows.length} rows of the source would be written.`;
}
