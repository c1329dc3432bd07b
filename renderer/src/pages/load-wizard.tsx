import { command, errorWords } from '../api/command';
import { useEffect, useMemo, useState } from 'react';
import type { SourcePreview } from '../../../shared/contract';
import { formatBytes, formatCount } from '../../../shared/format';
import { CreateTableForm } from '../components/create-table-form';
import { buildLoadSpec, downloadJson } from '../components/wizard/build-load-spec';
import type { ColumnChoices } from '../components/wizard/column-plan';
import { EstimatePanel } from '../components/wizard/estimate-panel';
import { KeyTemplates } from '../components/wizard/key-templates';
import { estimateLoad, tableCostMode } from '../components/wizard/load-estimate';
import { PreviewGrid } from '../components/wizard/preview-grid';
import { RateLimits } from '../components/wizard/rate-limits';
import { SourceLocation } from '../components/wizard/source-location';
import { checkSampleRows } from '../components/wizard/sample-item';
import { ValidationPanel } from '../components/wizard/validation-panel';
import { connectionRefOf } from '../format/connection-ref';
import { capacityWords, keySchemaWords } from '../format/capacity-words';
import { useJobStart } from '../hooks/use-job-start';
import { useSampleValidation } from '../hooks/use-sample-validation';
import { useTableDetails } from '../hooks/use-table-details';
import { useTables } from '../hooks/use-tables';
import { useAppStore } from '../store/app-store';
import type { WriteMode } from '../../../shared/write-mode';
import type { S3Listing } from '../../../shared/source-browsing';
import { useTableHoldsItems } from '../hooks/use-table-holds-items';
import { WriteModeChoice, writeModeBlocker } from '../components/write-mode/write-mode-choice';
import { CapacityForecast, forecastLoad } from '../components/capacity/capacity-forecast';
import { RunOnChoice } from '../components/wizard/run-on-choice';
import { fleetSpecOf, LOCAL_RUN, queueCredentialsOf, runOnBlocker, type RunOnDraft } from '../components/wizard/run-on-draft';
import { ReasonButton } from '../components/reason-button';

const PREVIEW_ROWS = 20;
const NO_CHOICES: ColumnChoices = { types: {}, dropped: [] };

/**
 * The load wizard: a source and its preview (types, drops), a target table, key
 * templates, the sample checked against the key schema, the estimate, rate and limits;
 * then save the spec or start. Each step shows what the engine will do with it.
 */
export function LoadWizard() {
  const appInfo = useAppStore((s) => s.appInfo);
  const connectionId = useAppStore((s) => s.connectionId);
  const connection = useAppStore((s) => s.connections.find((c) => c.id === s.connectionId));
  const tables = useAppStore((s) => s.tables);
  const { refresh } = useTables();
  // Opened by "Try it with sample data": the file, table and key templates it made.
  const [prefill] = useState(() => { const v = useAppStore.getState().view; return v.page === 'load' ? v.prefill : undefined; });
  const [name, setName] = useState('');
  const [path, setPath] = useState(prefill?.path ?? '');
  // The S3 picker's listing of the source, for the fleet's note on big gzip objects.
  const [s3Listing, setS3Listing] = useState<S3Listing | null>(null);
  const [format, setFormat] = useState<SourcePreview['format']>('csv');
  const [previewed, setPreviewed] = useState<{ path: string; preview: SourcePreview } | null>(null);
  // A preview describes the path it read: once the path changes (typed, browsed, another
  // S3 prefix or glob) it no longer says what would load, so it stops counting.
  const preview = previewed && previewed.path === path ? previewed.preview : null;
  const stalePreview = previewed !== null && preview === null && path.trim() !== '';
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [tableName, setTableName] = useState(prefill?.tableName ?? '');
  const [creating, setCreating] = useState(false);
  const [templates, setTemplates] = useState<Record<string, string>>(prefill?.templates ?? {});
  const [choices, setChoices] = useState<ColumnChoices>(NO_CHOICES);
  const [rate, setRate] = useState(1000);
  const [maxRate, setMaxRate] = useState('');
  const [maxCost, setMaxCost] = useState('');
  const [maxRejects, setMaxRejects] = useState('');
  const [spread, setSpread] = useState(true);
  const { starting, startJob } = useJobStart();
  const [writeMode, setWriteMode] = useState<WriteMode | undefined>(undefined);
  const [runOn, setRunOn] = useState<RunOnDraft>(LOCAL_RUN);

  const table = tables.find((t) => t.name === tableName);
  const details = useTableDetails(connectionId, tableName, false);
  const keys = useMemo(() => table?.keySchema ?? [], [table]);
  const keyTypes = useMemo(() => Object.fromEntries(keys.map((k) => [k.name, k.type])), [keys]);
  const missingTemplates = keys.filter((k) => !(templates[k.name] ?? '').trim() && !preview?.columns.some((c) => c.name === k.name));
  const holdsItems = useTableHoldsItems(connectionId, tableName);
  const writeModeBlock = table ? writeModeBlocker(table.name, holdsItems, writeMode) : null;
  const spec = () => ({
    ...buildLoadSpec({
      name, connection: connectionRefOf(connection!), table: table!, path, format, spread, templates, previewColumns: preview?.columns ?? [], columns: choices, rateWcuPerSecond: rate,
      maxWcuPerSecond: Number(maxRate) > 0 ? Number(maxRate) : null, maxCostUsd: Number(maxCost) > 0 ? Number(maxCost) : null,
      maxRejects: maxRejects === '' ? null : Math.max(0, Math.floor(Number(maxRejects))),
    }),
    ...(writeMode ? { writeMode } : {}),
    ...(runOn.target === 'fleet' ? { fleet: fleetSpecOf(runOn, 'load') } : {}),
  });

  // The shared mapper on the preview's rows gives instant feedback on templates and the GSI
  // share of the estimate; the engine's check (validateSample) answers over the real table.
  const check = useMemo(() => {
    if (!preview || !table || !connection) return null;
    return checkSampleRows(preview, table, buildLoadSpec({ name: '', connection: connectionRefOf(connection), table, path, format, spread, templates, previewColumns: preview.columns, columns: choices, rateWcuPerSecond: 1, maxWcuPerSecond: null, maxCostUsd: null, maxRejects: null }).mapping);
  }, [preview, table, connection, path, format, spread, templates, choices]);
  const validationSpec = preview && table && connection && missingTemplates.length === 0 && !check?.mappingError ? spec() : null;
  const engineCheck = useSampleValidation(validationSpec && { ...validationSpec, rate: undefined, limits: undefined, name: undefined }, PREVIEW_ROWS);
  const sizes = useMemo(() => engineCheck.validation?.rows.flatMap((r) => (r.ok && r.sizeBytes !== null ? [r.sizeBytes] : [])) ?? [], [engineCheck.validation]);
  const estimate = useMemo(() => (preview && check && sizes.length ? estimateLoad(preview, sizes, check.results, details, connection?.region ?? 'us-east-1', rate) : null), [preview, check, sizes, details, connection, rate]);
  const forecast = useMemo(() => forecastLoad(details, estimate, rate, spread), [details, estimate, rate, spread]);
  const overMax = maxRate !== '' && Number(maxRate) > 0 && rate > Number(maxRate);
  const mappingError = check?.mappingError ?? engineCheck.validation?.mappingError ?? null;
  const sampleRows = engineCheck.validation?.rows ?? [];
  // A sample in which no row would be written almost always means a wrong template or file.
  const noValidRow = !mappingError && sampleRows.length > 0 && sampleRows.every((r) => !r.ok) ? `None of the ${sampleRows.length} sample rows would be written (reasons above): fix the mapping first.` : null;
  const runOnBlock = runOnBlocker(runOn, path, connection?.kind ?? null);
  const ready = !!preview && !!table && !!connection && missingTemplates.length === 0 && !mappingError && !noValidRow && rate > 0 && !overMax && !writeModeBlock && !runOnBlock;

  useEffect(() => {
    if (!prefill) return;
    let live = true;
    command('previewSource', { path: prefill.path, rows: PREVIEW_ROWS }).then(
      (p) => { if (live) { setPreviewed({ path: prefill.path, preview: p }); setFormat(p.format); } },
      (e: unknown) => { if (live) setPreviewError(errorWords(e)); },
    );
    return () => { live = false; };
  }, [prefill]);

  const loadPreview = async () => {
    setPreviewError(null);
    const read = path;
    try {
      const p = await command('previewSource', { path: read, format, rows: PREVIEW_ROWS, ...(connectionId ? { connectionId } : {}) });
      setPreviewed({ path: read, preview: p });
      setFormat(p.format);
      setChoices(NO_CHOICES);
      if (table) suggestTemplates(table.keySchema, p);
    } catch (e) {
      setPreviewed(null);
      setPreviewError(errorWords(e));
    }
  };

  const suggestTemplates = (keySchema: { name: string }[], p: SourcePreview | null) => {
    // A column of the same name, else the first column: the operator edits from there.
    const columns = p?.columns.map((c) => c.name) ?? [];
    const next: Record<string, string> = {};
    for (const k of keySchema) next[k.name] = templates[k.name] || (columns.includes(k.name) ? `{${k.name}}` : columns[0] ? `{${columns[0]}}` : '');
    setTemplates(next);
  };

  const selectTable = (next: string, list = tables) => {
    setTableName(next);
    setWriteMode(undefined);
    const t = list.find((x) => x.name === next);
    if (t) suggestTemplates(t.keySchema, preview);
  };

  // Why start (and save) are not possible yet, in words: shown beside them and as their tooltip.
  const blockedWords = !preview ? (stalePreview ? 'The source changed: preview it again.' : 'Preview a source first.') : !table ? 'Choose a table.' : missingTemplates.length ? `Give a template for ${missingTemplates.map((k) => k.name).join(', ')}.` : mappingError ? 'Fix the key templates.' : noValidRow ? noValidRow : overMax ? 'The rate is above the maximum.' : writeModeBlock ?? runOnBlock ?? (rate > 0 ? '' : 'Give a rate above 0 WCU/s.');

  const start = () => startJob(async () => {
    const job = await command('startJob', { spec: spec(), queueCredentials: queueCredentialsOf(runOn) });
    useAppStore.getState().knowJob(job);
    return job;
  });

  return (
    <div className="page wizard" data-testid="load-wizard">
      <h1>New load</h1>
      <p className="muted">Load a file into a DynamoDB table on <strong>{connection?.label ?? 'no connection'}</strong> at a rate you choose. You can pause, change the rate or stop at any time.</p>

      <section className="card">
        <h2><span className="step">1</span> Source</h2>
        <SourceLocation face={appInfo?.face} connectionId={connectionId} path={path} onPath={setPath} onEnter={() => void loadPreview()} onS3Listing={setS3Listing} />
        <div className="row">
          <label>
            Format
            <select data-testid="source-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
              <option value="csv">CSV</option>
              <option value="jsonl">JSON lines</option>
              <option value="ddb-json">DynamoDB JSON</option>
              <option value="parquet">Parquet</option>
            </select>
          </label>
          <ReasonButton data-testid="preview-source" blockedBy={!path.trim() && 'Type the path of a file, folder or glob first'} title="Read the first rows of the source" onClick={() => void loadPreview()}>Preview</ReasonButton>
        </div>
        {previewError && <p className="error-text" data-testid="preview-error">{previewError}</p>}
        {stalePreview && <p className="muted small" data-testid="preview-stale">The source changed since the last preview: press Preview to read the first rows of this one.</p>}
        {preview && (
          <div data-testid="source-preview">
            <p className="muted small">{formatBytes(preview.sizeBytes)} · {preview.columns.length} columns · first {formatCount(preview.rows.length)} rows. Choose a type to override the guess, or drop a column.</p>
            <PreviewGrid preview={preview} choices={choices} keyTypes={keyTypes} onChange={setChoices} />
          </div>
        )}
      </section>

      <section className="card">
        <h2><span className="step">2</span> Target table</h2>
        <div className="row">
          <label className="grow">
            Table
            <select data-testid="target-table" value={tableName} onChange={(e) => selectTable(e.target.value)}>
              <option value="">Choose a table…</option>
              {tables.map((t) => <option key={t.name} value={t.name}>{t.name} ({t.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : `${formatCount(t.writeCapacityUnits ?? 0)} WCU`})</option>)}
            </select>
          </label>
          <button data-testid="new-table" onClick={() => setCreating((c) => !c)}>{creating ? 'Cancel' : 'New table…'}</button>
          <button onClick={() => void refresh()}>Refresh</button>
        </div>
        {creating && connectionId && (
          <CreateTableForm connectionId={connectionId} onCreated={(created) => {
            setCreating(false);
            void (async () => {
              await refresh();
              selectTable(created, useAppStore.getState().tables);
            })();
          }} />
        )}
        {table && (
          <p className="muted small" data-testid="table-facts">
            Key: {keySchemaWords(table.keySchema)} · {capacityWords(table)} · {itemCountWords(table.itemCount, holdsItems)}
            {details && details.indexes.length ? ` · GSIs: ${details.indexes.map((i) => `${i.name} (${i.projection})`).join(', ')}` : ''}
          </p>
        )}
        {table && <WriteModeChoice tableName={table.name} holdsItems={holdsItems} value={writeMode} onChange={setWriteMode} />}
      </section>

      <section className="card">
        <h2><span className="step">3</span> Keys and validation</h2>
        {!table && <p className="muted">Choose a table to map its key attributes.</p>}
        {table && <KeyTemplates table={table} preview={preview} templates={templates} onChange={setTemplates} />}
        {check && <ValidationPanel validation={engineCheck.validation} checking={engineCheck.checking} error={engineCheck.error} instantError={check.mappingError} />}
      </section>

      <section className="card">
        <h2><span className="step">4</span> Rate and limits</h2>
        <RateLimits rate={rate} maxRate={maxRate} maxCost={maxCost} maxRejects={maxRejects} spread={spread}
          onRate={setRate} onMaxRate={setMaxRate} onMaxCost={setMaxCost} onMaxRejects={setMaxRejects} onSpread={setSpread} />
        {forecast && estimate && <CapacityForecast forecast={forecast} rateWcuPerSecond={rate} naiveSeconds={estimate.seconds} />}
        <h3>Run on</h3>
        <RunOnChoice value={runOn} onChange={setRunOn} sourcePath={path} connectionKind={connection?.kind ?? null} listedObjects={s3Listing?.url === path ? s3Listing.objects : []} />
      </section>

      <section className="card">
        <h2><span className="step">5</span> Estimate</h2>
        {estimate ? <EstimatePanel estimate={forecast ? { ...estimate, seconds: forecast.seconds } : estimate} rate={rate} tableMode={tableCostMode(details)} durationFromTable={!!forecast} /> : <p className="muted">Preview a source and choose a table to see items, duration and cost.</p>}
      </section>

      <div className="actions">
        <label className="job-name">Job name (optional)<input data-testid="job-name" value={name} placeholder={table ? `Load → ${table.name}` : 'Load'} onChange={(e) => setName(e.target.value)} /></label>
        <ReasonButton data-testid="save-spec" blockedBy={!ready && blockedWords} title="Download the job spec (JSON) to run later or with capstan run" onClick={() => downloadJson(`capstan-load-${table?.name ?? 'job'}.json`, spec())}>Save spec…</ReasonButton>
        <ReasonButton className="primary big" data-testid="start-load" blockedBy={!ready ? blockedWords : starting && 'Starting the load…'} title="Start the load" onClick={() => void start()}>{starting ? 'Starting…' : 'Start load'}</ReasonButton>
        {!ready && <span className="muted small" data-testid="start-blocked">{blockedWords}</span>}
      </div>
    </div>
  );
}

/**
 * DescribeTable's item count in words. AWS refreshes it about every six hours, so a table
 * just loaded says 0; when a scan has seen an item, the count is not shown as the truth.
 */
function itemCountWords(itemCount: number | null, holdsItems: boolean | null): string {
  if (itemCount === null) return '';
  if (itemCount === 0 && holdsItems) return 'holds items (DynamoDB refreshes its item count every few hours)';
  return `${formatCount(itemCount)} items`;
}
