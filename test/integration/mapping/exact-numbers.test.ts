import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import type { RejectLine } from '../../../shared/job-report';
import { jobSpecSchema, type JobSpecInput } from '../../../shared/job-spec';
import { requireBuild, WORKER_SCRIPTS } from '../../support/built-app';

/**
 * Numbers go from the file to the table exactly as their source text says: through the
 * engine's sources, mapper and writers into the sandbox, read back with GetItem. Before
 * number-exact decoding, JSON lines went through a double and lost digits.
 */

/** Numbers a double cannot hold: 20+ digit integers, 38 significant digits, long decimals, exponents. */
const EXACT: string[] = [
  '12345678901234567891',
  '-123456789012345678901234',
  '12345678901234567890123456789012345678',
  '0.123456789012345678',
  '3.14159265358979323846264338327950288',
  '1.23456789012345678901E+100',
  '9.87654321098765432109876E-100',
];

/**
 * A decimal's exact value as sign, significant digits and exponent, written by hand here
 * (not the engine's code) so that `1.5E+2` and `150` compare equal and nothing else does:
 * DynamoDB (and the sandbox) give numbers back in their own spelling.
 */
function exactValue(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  const all = (m[2] ?? '') + (m[3] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (!digits) return '0';
  const exponent = (m[2] ?? '').length - lead + Number(m[4] ?? 0);
  return `${m[1] === '-' ? '-' : ''}0.${digits}e${exponent}`;
}

/** What DynamoDB cannot hold, and the reason the rejects file must give. */
const REFUSED: [string, RegExp][] = [
  ['123456789012345678901234567890123456789', /39 significant digits; DynamoDB keeps at most 38/],
  ['1E+126', /outside DynamoDB's number range/],
];

describe('numbers are stored exactly as the source wrote them', () => {
  let dir: string;
  let engine: Engine;

  beforeAll(async () => {
    requireBuild();
    dir = await mkdtemp(join(tmpdir(), 'capstan-exact-'));
    engine = await Engine.start({ dataDir: join(dir, 'data'), workerScripts: WORKER_SCRIPTS, sandbox: { tableStatusDelayMs: 0 } });
  });

  afterAll(async () => {
    await engine?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function load(table: string, file: string, format: 'csv' | 'jsonl', columnTypes?: Record<string, 'N' | 'S'>) {
    const spec: JobSpecInput = {
      kind: 'load', connection: { kind: 'sandbox' }, table, source: { path: file, format, spread: false },
      mapping: columnTypes ? { columnTypes } : {}, rate: { mode: 'fixed', wcuPerSecond: 1_000 }, options: { workers: 1 },
    };
    const job = await engine.jobs.start(jobSpecSchema.parse(spec));
    const report = await engine.jobs.waitForEnd(job.id);
    expect(report?.job.state).toBe('completed');
    const rejects = report!.rejects.file ? (await readFile(report!.rejects.file, 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as RejectLine) : [];
    return { report: report!, rejects };
  }

  async function readBack(table: string, pk: string): Promise<string | undefined> {
    const client = await engine.client('sandbox');
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
    return Item?.n?.N;
  }

  it('the test compares exact values', () => {
    expect(exactValue('1.5E+2')).toBe(exactValue('150.00'));
    expect(exactValue('12345678901234567891')).not.toBe(exactValue('12345678901234567000'));
    expect(exactValue('0.123456789012345678')).not.toBe(exactValue('0.12345678901234568'));
  });

  it('JSON lines: 20+ digit integers, 38 significant digits, long decimals and exponents round-trip exactly', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'exact_jsonl', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const lines = [
      ...EXACT.map((text, i) => `{"pk":"ok${i}","n":${text}}`),
      ...REFUSED.map(([text], i) => `{"pk":"bad${i}","n":${text}}`),
      // A small number on a line of its own takes the native parser and stays exact too.
      '{"pk":"small","n":42.5}',
    ];
    const file = join(dir, 'numbers.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    const { report, rejects } = await load('exact_jsonl', file, 'jsonl');
    expect(report.reconciliation).toMatchObject({ read: lines.length, written: EXACT.length + 1, rejected: REFUSED.length, balanced: true });
    for (const [i, text] of EXACT.entries()) expect(exactValue((await readBack('exact_jsonl', `ok${i}`))!), text).toBe(exactValue(text));
    expect(await readBack('exact_jsonl', 'small')).toBe('42.5');
    for (const [i, [, why]] of REFUSED.entries()) {
      const reject = rejects.find((r) => r.line === EXACT.length + i + 1);
      expect(reject?.reason, JSON.stringify(rejects)).toMatch(why);
      expect(await readBack('exact_jsonl', `bad${i}`)).toBeUndefined();
    }
  });

  it('CSV: the same values through a pinned N column; "abc" there is rejected with its reason, not stored as text', async () => {
    const client = await engine.client('sandbox');
    await createTable(client, { tableName: 'exact_csv', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    const rows = [...EXACT.map((text, i) => `ok${i},${text}`), ...REFUSED.map(([text], i) => `bad${i},${text}`), 'word,abc'];
    const file = join(dir, 'numbers.csv');
    await writeFile(file, `pk,n\n${rows.join('\n')}\n`);
    const { report, rejects } = await load('exact_csv', file, 'csv', { n: 'N' });
    expect(report.reconciliation).toMatchObject({ read: rows.length, written: EXACT.length, rejected: REFUSED.length + 1, balanced: true });
    for (const [i, text] of EXACT.entries()) expect(exactValue((await readBack('exact_csv', `ok${i}`))!), text).toBe(exactValue(text));
    for (const [i, [, why]] of REFUSED.entries()) expect(rejects.find((r) => r.line === EXACT.length + i + 2)?.reason).toMatch(why);
    expect(rejects.find((r) => r.line === rows.length + 1)?.reason).toBe('column "n" should be a number (N) but "abc" is not a number');
    expect(await readBack('exact_csv', 'word')).toBeUndefined();
  });
});
