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

  it("keeps electron/engine/'s folders in their layers: nothing imports upward, job kinds never import each other", async () => {
    const upward = [
      ['electron/engine/lifecycle/probe.ts', "import { LoadWork } from '../job/load-work';\nexport const x = LoadWork;\n"],
      ['electron/engine/dynamo/probe.ts', "import { encodeWireItem } from '../writer/lean-wire';\nexport const x = encodeWireItem;\n"],
      ['electron/engine/shard/probe.ts', "import { JobLifecycle } from '../lifecycle/job-lifecycle';\nexport const x = JobLifecycle;\n"],
      ['electron/engine/job/probe.ts', "import { BackfillWork } from '../backfill/backfill-work';\nexport const x = BackfillWork;\n"],
      ['electron/engine/tables/probe.ts', "import { Engine } from '../engine';\nexport const x = Engine;\n"],
    ];
    for (const [path, code] of upward) expect((await lint(path!, code!)).join('\n'), path).toMatch(/no-restricted-imports/);
    const downward = await lint('electron/engine/job/probe.ts', "import { JobLifecycle } from '../lifecycle/job-lifecycle';\nimport { describeTable } from '../tables/table-description';\nexport const x = [JobLifecycle, describeTable];\n");
    expect(downward).toEqual([]);
  });
});
