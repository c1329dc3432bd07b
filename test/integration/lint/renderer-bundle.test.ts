import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuild, ROOT } from '../../support/built-app';
import { buildRenderer } from '../../support/test-app';

/**
 * The shipped renderer (out/renderer, what Electron and web mode serve) holds none of the
 * test hooks' code; a renderer built with them does. Both are read as built files, so a
 * change that pulls the hooks back into the shipped bundle fails here.
 */
const MARKERS = ['__capstanTest', 'injectFillRun', 'streamTicks', 'Synthetic 24-hour load (test)'];

async function builtText(dir: string): Promise<string> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(files.filter((f) => f.isFile() && /\.(js|html|css)$/.test(f.name)).map((f) => readFile(join(f.parentPath, f.name), 'utf8')));
  return texts.join('\n');
}

describe('the shipped renderer bundle', () => {
  it('holds no test hook, while a build with the hooks holds every marker', async () => {
    requireBuild();
    const shipped = await builtText(join(ROOT, 'out/renderer'));
    expect(shipped).toContain('app-ready'); // it is the app
    for (const marker of MARKERS) expect(shipped, marker).not.toContain(marker);

    const dir = await mkdtemp(join(ROOT, 'out', '.renderer-with-hooks-'));
    try {
      await buildRenderer({ testHooks: true, outDir: dir });
      const withHooks = await builtText(dir);
      for (const marker of MARKERS) expect(withHooks, marker).toContain(marker);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
