import { useMemo, useState } from 'react';
import type { SourcePreview, TableSummary } from '../../../shared/contract';
import { formatBytes, formatCount } from '../../../shared/format';
import type { LoadJobSpecInput } from '../../../shared/job-spec';
import { api } from '../api/capstan-api';
import { CreateTableForm } from '../components/create-table-form';
import { useAppStore } from '../store/app-store';

/**
 * The load wizard: a source file and its preview, a target table, a template for each key
 * attribute, a rate — then start. Each step shows what the engine will do with it.
 */
export function LoadWizard() {
  const { appInfo, connectionId, tables, setView, setError } = useAppStore();
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<'csv' | 'jsonl' | 'ddb-json'>('csv');
  const [preview, setPreview] = useState<SourcePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [tableName, setTableName] = useState('');
  const [creating, setCreating] = useState(false);
  const [templates, setTemplates] = useState<Record<string, string>>({});
  const [rate, setRate] = useState(1000);
  const [starting, setStarting] = useState(false);

  const table: TableSummary | undefined = tables.find((t) => t.name === tableName);
  const keys = table?.keySchema ?? [];
  const missingTemplates = keys.filter((k) => !(templates[k.name] ?? '').trim());
  const canStart = !!preview && !!table && missingTemplates.length === 0 && rate > 0 && !starting;

  const browse = async () => {
    const picked = await api.pickSourceFile({});
    if (picked.path) setPath(picked.path);
  };

  const loadPreview = async () => {
    setPreviewError(null);
    try {
      const p = await api.previewSource({ path, format, rows: 8 });
      setPreview(p);
      setFormat(p.format);
    } catch (e) {
      setPreview(null);
      setPreviewError((e as Error).message);
    }
  };

  const refreshTables = async (select?: string) => {
    if (!connectionId) return;
    const list = await api.listTables({ connectionId });
    useAppStore.setState({ tables: list });
    if (select) selectTable(select, list);
  };

  const selectTable = (name: string, list = tables) => {
    setTableName(name);
    const t = list.find((x) => x.name === name);
    if (!t) return;
    // Suggest a template per key attribute: a column of the same name, else the first column.
    const columns = preview?.columns.map((c) => c.name) ?? [];
    const next: Record<string, string> = {};
    for (const k of t.keySchema) {
      next[k.name] = templates[k.name] ?? (columns.includes(k.name) ? `{${k.name}}` : columns[0] ? `{${columns[0]}}` : '');
    }
    setTemplates(next);
  };

  const start = async () => {
    if (!table) return;
    setStarting(true);
    const spec: LoadJobSpecInput = {
      kind: 'load',
      connection: { kind: 'sandbox' },
      table: table.name,
      source: { path, format },
      mapping: { templates: keys.map((k) => ({ attribute: k.name, template: templates[k.name]!.trim(), type: k.type === 'N' ? 'N' : 'S' })) },
      rate: { mode: 'fixed', wcuPerSecond: rate },
    };
    try {
      const job = await api.startJob({ spec });
      useAppStore.setState((s) => ({ jobs: { ...s.jobs, [job.id]: job } }));
      setView({ page: 'job', jobId: job.id });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setStarting(false);
    }
  };

  const sampleRows = useMemo(() => preview?.rows.slice(0, 5) ?? [], [preview]);

  return (
    <div className="page wizard" data-testid="load-wizard">
      <h1>New load</h1>
      <p className="muted">Load a file into a DynamoDB table at a rate you choose. You can pause, change the rate or stop at any time.</p>

      <section className="card">
        <h2><span className="step">1</span> Source</h2>
        <div className="row">
          <label className="grow">
            File, folder or glob {appInfo?.face === 'web' ? <span className="muted small">(a path on the machine running Capstan)</span> : null}
            <input data-testid="source-path" value={path} placeholder="/data/customers.csv" onChange={(e) => setPath(e.target.value)} />
          </label>
          {appInfo?.face === 'desktop' && <button onClick={() => void browse()}>Browse…</button>}
          <label>
            Format
            <select data-testid="source-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
              <option value="csv">CSV</option>
              <option value="jsonl">JSON lines</option>
              <option value="ddb-json">DynamoDB JSON</option>
            </select>
          </label>
          <button data-testid="preview-source" disabled={!path.trim()} onClick={() => void loadPreview()}>Preview</button>
        </div>
        {previewError && <p className="error-text" data-testid="preview-error">{previewError}</p>}
        {preview && (
          <div data-testid="source-preview">
            <p className="muted small">{formatBytes(preview.sizeBytes)} · {preview.columns.length} columns · first rows:</p>
            <div className="table-scroll">
              <table className="grid">
                <thead>
                  <tr>{preview.columns.map((c) => <th key={c.name}>{c.name} <span className="type">{c.inferredType}</span></th>)}</tr>
                </thead>
                <tbody>
                  {sampleRows.map((row, i) => (
                    <tr key={i}>{preview.columns.map((c) => <td key={c.name}>{renderCell(row[c.name])}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            </div>
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
              {tables.map((t) => (
                <option key={t.name} value={t.name}>{t.name} ({t.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : `${formatCount(t.writeCapacityUnits ?? 0)} WCU`})</option>
              ))}
            </select>
          </label>
          <button data-testid="new-table" onClick={() => setCreating((c) => !c)}>{creating ? 'Cancel' : 'New table…'}</button>
          <button onClick={() => void refreshTables()}>Refresh</button>
        </div>
        {creating && connectionId && (
          <CreateTableForm
            connectionId={connectionId}
            onCreated={(name) => {
              setCreating(false);
              void refreshTables(name);
            }}
          />
        )}
        {table && (
          <p className="muted small" data-testid="table-facts">
            Key: {keys.map((k) => `${k.name} (${k.role === 'HASH' ? 'partition' : 'sort'}, ${k.type})`).join(', ')} ·{' '}
            {table.billingMode === 'PAY_PER_REQUEST' ? 'on-demand' : `${formatCount(table.writeCapacityUnits ?? 0)} WCU provisioned`} ·{' '}
            {table.itemCount === null ? '' : `${formatCount(table.itemCount)} items`}
          </p>
        )}
      </section>

      <section className="card">
        <h2><span className="step">3</span> Key mapping</h2>
        {!table && <p className="muted">Choose a table to map its key attributes.</p>}
        {keys.map((k) => (
          <label key={k.name} className="row key-row">
            <span className="key-name">{k.name} =</span>
            <input
              className="grow mono"
              data-testid={`key-template-${k.name}`}
              value={templates[k.name] ?? ''}
              placeholder="CUST#{customer_id}"
              onChange={(e) => setTemplates({ ...templates, [k.name]: e.target.value })}
            />
          </label>
        ))}
        {table && <p className="muted small">Use {'{column}'} for a value of the record, e.g. CUST#{'{customer_id}'}. Other columns become attributes with their inferred types.</p>}
      </section>

      <section className="card">
        <h2><span className="step">4</span> Rate</h2>
        <div className="row">
          <label>
            Write capacity per second (WCU/s)
            <input data-testid="rate-input" type="number" min={1} value={rate} onChange={(e) => setRate(Number(e.target.value))} />
          </label>
          {preview && rate > 0 && <p className="muted small">You can change the rate while the job runs.</p>}
        </div>
      </section>

      <div className="actions">
        <button className="primary big" data-testid="start-load" disabled={!canStart} onClick={() => void start()}>
          Start load
        </button>
        {!canStart && <span className="muted small">{!preview ? 'Preview a source first.' : !table ? 'Choose a table.' : missingTemplates.length ? `Give a template for ${missingTemplates.map((k) => k.name).join(', ')}.` : ''}</span>}
      </div>
    </div>
  );
}

function renderCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
