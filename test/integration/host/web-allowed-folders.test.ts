import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWebMode, type WebModeProcess } from './web-mode-process';

// `capstan web` says once, at start, which folders clients may reach: each folder once, as
// the guard holds it, even when an --allow-dir repeats the working directory or the data folder.
describe('capstan web names the folders clients may reach', () => {
  let web: WebModeProcess | null = null;
  let dir = '';

  afterAll(async () => {
    await web?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists each allowed folder once', async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'capstan-web-roots-')));
    const dataDir = join(dir, 'data');
    web = await startWebMode(['--data-dir', dataDir, '--allow-dir', '.', '--allow-dir', dataDir, '--allow-dir', dir]);
    const line = web.cli.output.find((l) => l.startsWith('Clients may read and write files under: '));
    expect(line).toBeDefined();
    const folders = line!.replace('Clients may read and write files under: ', '').replace(/ \(add folders with --allow-dir\)$/, '').split(', ');
    expect(folders).toEqual([...new Set(folders)]);
    expect(folders).toEqual([await realpath(process.cwd()), dataDir, dir]);
  }, 90_000);
});
