import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFileFor } from '../../../electron/host/renderer-files';

describe('renderer file resolution (web mode and the capstan:// protocol)', () => {
  const root = join('/opt', 'capstan', 'renderer');

  it('maps / to index.html and assets to their files with their content type', () => {
    expect(rendererFileFor(root, '/')).toEqual({ path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(rendererFileFor(root, '/assets/index-1a2b.js')).toEqual({ path: join(root, 'assets', 'index-1a2b.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(rendererFileFor(root, '/assets/a%20b.css')).toMatchObject({ path: join(root, 'assets', 'a b.css') });
  });

  it('answers malformed for a path that does not decode, instead of throwing', () => {
    for (const path of ['/%', '/%zz', '/%E0%A4%A', '/assets/%']) expect(rendererFileFor(root, path), path).toEqual({ refused: 'malformed' });
  });

  it('never leaves the renderer folder', () => {
    for (const path of ['/../main/main.js', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/..', '/a%00.js', '/..%5c..%5cwin.ini', '/../renderer-evil/index.html']) {
      expect(rendererFileFor(root, path), path).toEqual({ refused: 'outside' });
    }
  });
});
