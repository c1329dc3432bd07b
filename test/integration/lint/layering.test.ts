import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/built-app';

/** Lints source text as if it lived at `path`, with the project's config. */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layering lint rule', () => {
  it('rejects a shared/ file that imports fs', async () => {
    for (const source of ["import { readFileSync } from 'fs';", "import { readFileSync } from 'node:fs';"]) {
      const messages = await lint('shared/probe.ts', `${source}\nexport const x = readFileSync;\n`);
      expect(messages.join('\n')).toMatch(/no-restricted-imports.*no Node built-ins/);
    }
  });

  it('rejects shared/ importing electron/ and renderer/ importing electron/', async () => {
    expect((await lint('shared/probe.ts', "import { Engine } from '../electron/engine/engine';\nexport const e = Engine;\n")).join('\n')).toMatch(/no-restricted-imports/);
    expect((await lint('renderer/src/probe.ts', "import { Engine } from '../../electron/engine/engine';\nexport const e = Engine;\n")).join('\n')).toMatch(/never imports electron/);
  });

  it('lets electron/ use Node built-ins and shared/', async () => {
    const messages = await lint('electron/probe.ts', "import { readFileSync } from 'node:fs';\nimport { formatCount } from '../shared/format';\nexport const x = [readFileSync, formatCount];\n");
    expect(messages).toEqual([]);
  });
});
