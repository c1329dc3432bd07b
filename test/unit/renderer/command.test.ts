import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapstanApi } from '../../../shared/contract';
import { CommandError } from '../../../shared/transport';

/** The renderer's one command helper: every page goes through it, and every failure reads as {name, message}. */

const answers: Record<string, () => Promise<unknown>> = {
  listJobs: async () => [],
  pauseJob: async () => Promise.reject(new CommandError({ name: 'JobNotFound', message: 'No job load-x in this session' })),
  stopJob: async () => Promise.reject(new Error('The connection to the Capstan engine closed')),
  setJobRate: async () => Promise.reject({ name: 'RangeError', message: 'rate above the table limit' }),
  resumeJob: async () => Promise.reject('boom'),
};
// The page's API is the desktop bridge when one is there: a stand-in speaking the contract.
(globalThis as { window?: unknown }).window = { capstan: new Proxy({}, { get: (_t, name: string) => answers[name] ?? (async () => undefined) }) as CapstanApi, location: { search: '' } };
const { command, errorInfoOf, errorWords } = await import('../../../renderer/src/api/command');

describe('the renderer\'s command helper', () => {
  it('answers with the command\'s value', async () => {
    await expect(command('listJobs', {})).resolves.toEqual([]);
  });

  it('rejects every failure as a CommandError of {name, message}, whatever was thrown', async () => {
    const failures = await Promise.all([
      command('pauseJob', { jobId: 'load-x' }).catch((e: unknown) => e),
      command('stopJob', { jobId: 'load-x' }).catch((e: unknown) => e),
      command('setJobRate', { jobId: 'load-x', wcuPerSecond: 5 }).catch((e: unknown) => e),
      command('resumeJob', { jobId: 'load-x' }).catch((e: unknown) => e),
    ]);
    for (const failure of failures) expect(failure).toBeInstanceOf(CommandError);
    expect(failures.map(errorInfoOf)).toEqual([
      { name: 'JobNotFound', message: 'No job load-x in this session' },
      { name: 'Error', message: 'The connection to the Capstan engine closed' },
      { name: 'RangeError', message: 'rate above the table limit' },
      { name: 'Error', message: 'boom' },
    ]);
    expect(failures.map(errorWords)).toEqual([
      'JobNotFound: No job load-x in this session',
      'The connection to the Capstan engine closed',
      'RangeError: rate above the table limit',
      'boom',
    ]);
  });

  it('puts anything in words, never [object Object]', () => {
    expect(errorWords({})).toBe('failed without saying why');
    expect(errorWords(null)).toBe('failed without saying why');
    expect(errorWords(new TypeError('x is not a function'))).toBe('x is not a function');
  });

  it('is the only way pages reach the engine: nothing outside renderer/src/api/ imports the API object', async () => {
    const root = resolve(import.meta.dirname, '..', '..', '..', 'renderer', 'src');
    const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && /\.tsx?$/.test(f.name));
    const offenders: string[] = [];
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      if (relative(root, path).startsWith('api')) continue;
      if (/from '[./]*api\/capstan-api'/.test(await readFile(path, 'utf8'))) offenders.push(relative(root, path));
    }
    expect(offenders).toEqual([]);
  });
});
