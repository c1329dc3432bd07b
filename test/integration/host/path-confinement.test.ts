import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine';
import { confinedPaths } from '../../../electron/host/path-guard';
import { commandRequests, type CommandName } from '../../../shared/contract';
import { CONFINED_CSV as CSV, startConfinedHost, type ConfinedHost } from './confined-host';

/**
 * Web mode confines every path a client names to the roots the operator chose (here:
 * `root` and the data folder), after symlinks and `..` are resolved, and takes only
 * engine-made job ids. One test per command of the contract that takes a path or an id.
 */
describe('web mode keeps clients inside the folders the operator named', () => {
  let host: ConfinedHost;
  let dir: string;
  let root: string;
  let outside: string;
  let dataDir: string;
  let engine: Engine;
  const call = (name: CommandName, payload: unknown) => host.call(name, payload);

  const loadSpec = (path: string) => ({ kind: 'load', connection: { kind: 'sandbox' }, table: 'confined', source: { path }, mapping: { templates: [{ attribute: 'pk', template: 'C#{customer_id}' }] } });
  const findSpec = (outputPath: string) => ({ kind: 'backfill', connection: { kind: 'sandbox' }, table: 'confined', operation: { kind: 'find', outputPath } });

  beforeAll(async () => {
    host = await startConfinedHost('capstan-confine-', {
      writeProtectedJobs: true,
      prepare: async (layout) => {
        await mkdir(join(layout.outside, 'evil-job'), { recursive: true });
        await writeFile(join(layout.outside, 'victim.txt'), 'precious\n');
        await writeFile(join(layout.outside, 'evil-job', 'spec.json'), JSON.stringify(findSpec(join(layout.outside, 'victim.txt'))));
      },
    });
    ({ dir, root, outside, dataDir, engine } = host);
    const created = await call('createTable', { connectionId: 'sandbox', tableName: 'confined', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    expect(created.ok).toBe(true);
  });

  afterAll(async () => {
    await host?.close();
  });

  /** Paths a client must not read, each with why. */
  const forbiddenReads = () => [
    join(outside, 'secret.csv'), // outside every root
    `${root}/../outside/secret.csv`, // `..` out of a root
    join(root, 'link.csv'), // a symlink in a root to a file outside
    join(root, 'dirlink', 'secret.csv'), // through a symlinked folder
    `${root}/dirlink/../outside/secret.csv`, // `..` after a symlink goes up from its target, not from the link
    join(root, '.aws', 'credentials'), // hidden below a root
    join(root, 'folder'), // a folder holding a symlink that leads out
    join(outside, '*.csv'), // a glob walked outside
    '/**/*.csv', // a glob that would walk the whole disk
    `file://${join(outside, 'secret.csv')}`,
  ];

  it('previewSource reads files under a root and refuses every way out, before reading anything', async () => {
    const ok = await call('previewSource', { path: join(root, 'ok.csv') });
    expect(ok).toMatchObject({ ok: true, value: { rows: [{ customer_id: 'c1', name: 'Ada' }, { customer_id: 'c2', name: 'Grace' }] } });
    for (const path of forbiddenReads()) {
      const answer = await call('previewSource', { path });
      expect(answer, path).toMatchObject({ ok: false, name: 'PathNotAllowed' });
      expect(answer.message, path).toMatch(/--allow-dir/);
      expect(answer.message).not.toContain('s3cr3t');
    }
  });

  it('validateSample refuses a source outside the roots', async () => {
    expect(await call('validateSample', { spec: loadSpec(join(root, 'ok.csv')) })).toMatchObject({ ok: true });
    for (const path of forbiddenReads()) expect(await call('validateSample', { spec: loadSpec(path) }), path).toMatchObject({ ok: false, name: 'PathNotAllowed' });
  });

  it('startJob refuses a load whose source is outside the roots, and starts no job', async () => {
    for (const path of forbiddenReads()) expect(await call('startJob', { spec: loadSpec(path) }), path).toMatchObject({ ok: false, name: 'PathNotAllowed' });
    expect(engine.jobs.list()).toEqual([]);
    expect(existsSync(join(dataDir, 'jobs')) ? await readdir(join(dataDir, 'jobs')) : []).toEqual([]);
  });

  it('startJob refuses a find whose output would land outside the roots or in the engine\'s own state', async () => {
    const forbiddenWrites = [
      join(outside, 'victim.txt'),
      `${root}/../outside/victim.txt`,
      join(root, 'dirlink', 'victim.txt'),
      join(root, 'dangling.txt'), // a dangling symlink would create its target outside
      `${root}/missing/../../outside/new.txt`,
      join(root, '.bashrc'),
      join(dataDir, 'jobs', 'load-20260101-000000-abcdef', 'checkpoint.json'),
    ];
    for (const outputPath of forbiddenWrites) expect(await call('startJob', { spec: findSpec(outputPath) }), outputPath).toMatchObject({ ok: false, name: 'PathNotAllowed' });
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(existsSync(join(outside, 'not-yet.txt'))).toBe(false);
    expect(engine.jobs.list()).toEqual([]);

    const allowed = join(root, 'found.jsonl');
    const started = await call('startJob', { spec: findSpec(allowed) });
    expect(started).toMatchObject({ ok: true });
    const report = await engine.jobs.waitForEnd((started.value as { id: string }).id);
    expect(report?.job.state).toBe('completed');
    expect(existsSync(allowed)).toBe(true);
  });

  it('lets a hidden data folder that is a root of its own be used even inside another root', async () => {
    const home = join(dir, 'home');
    await mkdir(join(home, '.capstan'), { recursive: true });
    await writeFile(join(home, '.capstan', 'in.csv'), CSV);
    await writeFile(join(home, '.netrc'), 'machine x password y\n');
    const policy = await confinedPaths({ roots: [home, join(home, '.capstan')] });
    expect(await policy.check(join(home, '.capstan', 'in.csv'), 'read')).toBe(join(home, '.capstan', 'in.csv'));
    await expect(policy.check(join(home, '.netrc'), 'read')).rejects.toThrow(/hidden file or folder \(".netrc"\)/);
  });

  it('every command that takes a job id refuses one that is not engine-made, before it reaches a path', async () => {
    const withJobId = (Object.keys(commandRequests) as CommandName[]).filter((name) => 'jobId' in commandRequests[name].shape);
    expect(withJobId.sort()).toEqual(['exportReport', 'getJobTicks', 'getRun', 'getTrialResult', 'pauseJob', 'resumeJob', 'setJobLimits', 'setJobMode', 'setJobRate', 'setJobReadRate', 'stopJob']);
    const extra: Partial<Record<CommandName, object>> = {
      exportReport: { format: 'json' }, setJobLimits: { maxCostUsd: 1 }, setJobMode: { mode: { mode: 'fixed', wcuPerSecond: 1 } }, setJobRate: { wcuPerSecond: 1 }, setJobReadRate: { rcuPerSecond: 1 },
    };
    const evilIds = ['../../outside/evil-job', '../x', 'load-20260101-000000-abcdef/../../../outside/evil-job', '..', 'load-20260101-000000-abcdef/', '/etc', 'LOAD-20260101-000000-ABCDEF', ''];
    for (const name of withJobId) {
      for (const jobId of evilIds) {
        const answer = await call(name, { jobId, ...extra[name] });
        expect(answer, `${name} ${jobId}`).toMatchObject({ ok: false, name: 'InvalidRequest' });
        expect(answer.message).toMatch(/job id as the engine makes them/);
      }
    }
    // The engine's own entry refuses too (the CLI's --resume comes in there).
    await expect(engine.jobs.resume('../../outside/evil-job')).rejects.toThrow(/is not a job id as the engine makes them/);
    expect(await engine.history.get('../../outside/evil-job')).toBeNull();
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('precious\n');
  });
});
