import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCustomerSample } from '../../../electron/engine/sample/customer-sample';
import type { JobSnapshot } from '../../../shared/job-status';
import { waitFor } from '../../support/table-reader';
import { malformedRequests } from './malformed-requests';
import { rawExchange, upgradeHeaders, upgradeRequest, type RawOutcome } from './raw-http';
import { startWebMode, type WebModeProcess } from './web-mode-process';

/** Exchanges in flight at once: enough to overlap, few enough for a loaded 2-core machine. */
const CONCURRENCY = 24;
const CASES = 3_000;
const ROWS = 8_000;

describe('web mode under malformed and hostile requests', () => {
  let dir: string;
  let web: WebModeProcess;
  let job: JobSnapshot;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-fuzz-'));
    const dataDir = join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    // The input sits in the data folder: a root web mode lets clients read by default.
    const input = join(dataDir, 'customers.csv');
    await writeCustomerSample({ rows: ROWS, out: input });
    web = await startWebMode(['--data-dir', dataDir]);
    await web.call('createTable', { connectionId: 'sandbox', tableName: 'fuzzed', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    // Slow on purpose: the job must still be running when the last malformed request is sent.
    job = await web.call('startJob', {
      spec: { kind: 'load', connection: { kind: 'sandbox' }, table: 'fuzzed', source: { path: input }, mapping: { templates: [{ attribute: 'pk', template: 'CUST#{customer_id}' }] }, rate: { mode: 'fixed', wcuPerSecond: 20 } },
    });
  }, 180_000);

  afterAll(async () => {
    await web?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the classic crashers with 400 and goes on serving', async () => {
    expect((await rawExchange(web.port, [{ send: `GET /% HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\n\r\n` }])).status).toBe(400);
    expect((await rawExchange(web.port, [{ send: `GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\n\r\n` }])).status).toBe(400);
    expect((await rawExchange(web.port, [{ send: upgradeRequest(`/ws?token=${web.token}`, upgradeHeaders('a b')) }])).status).toBe(400);
    expect(web.exited()).toBe(false);
    expect((await fetch(`http://127.0.0.1:${web.port}/`)).status).toBe(200);
  });

  it(`survives ${CASES.toLocaleString('en-US')} malformed requests and upgrades while a job runs, and the job finishes whole`, async () => {
    const cases = malformedRequests(web.port, web.token, CASES);
    const outcomes: { family: string; outcome: RawOutcome }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length && !web.exited()) {
          const fuzz = cases[next++]!;
          // A generous wait per exchange: on a loaded machine an answer can take seconds, and only silence counts as hung.
          outcomes.push({ family: fuzz.family, outcome: await rawExchange(web.port, fuzz.steps, 10_000) });
        }
      }),
    );
    const tally: Record<string, Record<string, number>> = {};
    for (const { family, outcome } of outcomes) {
      const key = `${outcome.status ?? 'none'}/${outcome.endedBy}`;
      (tally[family] ??= {})[key] = (tally[family]![key] ?? 0) + 1;
    }

    expect(web.exited(), `web mode exited during the fuzz:\n${web.cli.output.slice(-20).join('\n')}`).toBe(false);
    expect(outcomes.length).toBe(CASES);
    // Nothing malformed got a success, and nothing hung: the server answered or closed every connection.
    const successes = outcomes.filter(({ family, outcome }) => outcome.status !== null && outcome.status < 400 && !family.startsWith('bad frames') && !family.startsWith('hostile JSON'));
    expect(successes.map((s) => `${s.family}: ${s.outcome.received.subarray(0, 80).toString('latin1')}`), JSON.stringify(tally)).toEqual([]);
    expect(outcomes.filter(({ outcome }) => outcome.status !== null && outcome.status >= 500).length, JSON.stringify(tally)).toBe(0);
    const hung = outcomes.filter(({ outcome }) => outcome.endedBy === 'timeout' && outcome.received.length === 0);
    expect(hung.map((h) => h.family)).toEqual([]);

    // Still serving: the page, the WebSocket, and the job that ran throughout.
    expect((await fetch(`http://127.0.0.1:${web.port}/`)).status).toBe(200);
    const during = (await web.call('listJobs', {})).find((j) => j.id === job.id)!;
    expect(during.state).toBe('running');
    expect(during.totals.written).toBeLessThan(ROWS);
    await web.call('setJobRate', { jobId: job.id, wcuPerSecond: 4_000 });
    const ended = await waitFor(async () => {
      const current = (await web.call('listJobs', {})).find((j) => j.id === job.id)!;
      return current.state === 'running' ? null : current;
    }, 90_000, 'the job to end', 500);
    expect(ended.state).toBe('completed');
    expect(ended.totals).toMatchObject({ written: ROWS, rejected: 0 });
    expect(web.exited()).toBe(false);
  }, 240_000);
});
