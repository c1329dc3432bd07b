import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import { dispatchCommand } from '../../../electron/host/command-dispatcher';
import { createCommandHandlers, type CommandHandlers } from '../../../electron/host/command-handlers';
import { confinedPaths } from '../../../electron/host/path-guard';
import type { CommandName, CommandResponses } from '../../../shared/contract';
import type { JobReport } from '../../../shared/job-report';
import { pdfText } from '../../e2e/pdf-text';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';
import { waitFor } from '../../support/table-reader';

describe('commands through the host, as the UI sends them', () => {
  let dir: string;
  let engine: Engine;
  let handlers: CommandHandlers;
  let jobId: string;

  /** Calls a command as a transport would: name and an unknown payload, answer unwrapped. */
  async function call<K extends CommandName>(name: K, payload: unknown): Promise<CommandResponses[K]> {
    const result = await dispatchCommand(handlers, name, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { name: result.error.name });
    return result.value as CommandResponses[K];
  }

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-host-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
    handlers = createCommandHandlers(engine, { face: 'web', version: 'test', pickFile: async () => null, printPdf: null, paths: await confinedPaths({ roots: [dir] }) });
    await call('createTable', { connectionId: 'sandbox', tableName: 'exported', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const file = join(dir, 'c.csv');
    await writeCustomerSample({ rows: 3_000, out: file });
    const job = await call('startJob', {
      spec: { kind: 'load', connection: { kind: 'sandbox' }, table: 'exported', source: { path: file }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] }, rate: { mode: 'fixed', wcuPerSecond: 2_000 } },
    });
    jobId = job.id;
    await engine.jobs.waitForEnd(jobId);
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports the report as JSON, CSV and HTML with the run in them', async () => {
    const json = await call('exportReport', { jobId, format: 'json' });
    const report = JSON.parse(json.text!) as JobReport;
    expect(report.reconciliation).toMatchObject({ read: 3_000, written: 3_000, pending: 0 });
    expect(json.fileName).toBe(`capstan-${jobId}.json`);

    const csv = await call('exportReport', { jobId, format: 'csv' });
    const rows = parse(csv.text!, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(report.series.length);
    expect(rows.reduce((sum, r) => sum + Number(r.written), 0)).toBe(3_000);

    const html = await call('exportReport', { jobId, format: 'html', timeZone: 'UTC' });
    expect(html.mimeType).toBe('text/html');
    expect(html.text).toContain('exported');
    expect(html.text).toContain('written 3,000');
    expect(html.text).toContain('<svg');
    expect(html.text).not.toContain('<script');
  });

  it('gives web mode a PDF of its own (no desktop printer), holding the run', async () => {
    const pdf = await call('exportReport', { jobId, format: 'pdf', timeZone: 'UTC' });
    expect(pdf).toMatchObject({ fileName: `capstan-${jobId}.pdf`, mimeType: 'application/pdf', text: null });
    const bytes = Buffer.from(pdf.base64!, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text } = await pdfText(new Uint8Array(bytes));
    expect(text).toContain('exported');
    expect(text).toMatch(/3,000/);
  });

  it('lists the run in the history and reopens it read-only, also from a fresh engine', async () => {
    const runs = await call('listRuns', {});
    expect(runs.find((r) => r.id === jobId)).toMatchObject({ state: 'completed', kind: 'load' });
    const other = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: false });
    try {
      const stored = await other.history.get(jobId);
      expect(stored?.summary).toMatchObject({ state: 'completed', live: false, interrupted: false, resumable: false });
      expect(stored?.ticks.reduce((sum, t) => sum + t.written, 0)).toBe(3_000);
    } finally {
      await other.close();
    }
  });

  it('validates a sample with the mapper of the engine, against the table key', async () => {
    const file = join(dir, 'sample-check.csv');
    await writeFile(file, 'customer_id,name\nc1,ok\n,no key\nc3,ok\n');
    const answer = await call('validateSample', {
      spec: { kind: 'load', connection: { kind: 'sandbox' }, table: 'exported', source: { path: file }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] } },
    });
    expect(answer.mappingError).toBeNull();
    expect(answer.rows.map((r) => r.ok)).toEqual([true, false, true]);
    expect(answer.rows[1]).toMatchObject({ line: 3, reason: expect.stringContaining('customer_id') });
    expect(answer.rows[0]).toMatchObject({ key: expect.stringContaining('CUST#c1'), wcu: 1 });
  });

  it('keeps the event log with the run and marks ended runs as not live', async () => {
    const run = await call('getRun', { jobId });
    expect(run.log.some((line) => line.message.startsWith('Started'))).toBe(true);
    const summary = (await call('listRuns', {})).find((r) => r.id === jobId)!;
    expect(summary.live).toBe(false);
  });

  it('refuses malformed requests before they reach the engine', async () => {
    await expect(call('exportReport', { jobId, format: 'docx' })).rejects.toThrow(/Invalid exportReport request/);
    await expect(call('setJobRate', { jobId, wcuPerSecond: 0 })).rejects.toThrow(/wcuPerSecond/);
  });

  it('tests connections and explains an unreachable endpoint in words', async () => {
    expect(await call('testConnection', { connectionId: 'sandbox' })).toMatchObject({ ok: true });
    const added = await call('addEndpointConnection', { label: 'nowhere', endpoint: 'http://127.0.0.1:9', region: 'us-east-1' });
    const answer = await call('testConnection', { connectionId: added.id });
    expect(answer).toMatchObject({ ok: false, name: 'Unreachable' });
    await waitFor(async () => !(await call('removeConnection', { connectionId: added.id })).some((c) => c.id === added.id), 15_000, 'removal');
  });
});
