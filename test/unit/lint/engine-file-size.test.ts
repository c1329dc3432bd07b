import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No file in electron/engine/ runs over 400 lines unless its first comment says why it
 * stays whole, naming the limit ("over 400 lines", "more than 400 lines"): a long file is
 * a decision someone wrote down, never an accident. (STYLE.md: one concept per file.)
 */
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const ENGINE = join(ROOT, 'electron', 'engine');
const MAX_LINES = 400;

/** The first comment of a source text (a block comment or a run of line comments), or null. */
function firstComment(text: string): string | null {
  const match = /\/\*[\s\S]*?\*\/|(?:^[ \t]*\/\/.*(?:\r?\n|$))+/m.exec(text);
  return match ? match[0] : null;
}

/** True when a first comment explains a file's length. */
function explainsLength(comment: string | null): boolean {
  return comment !== null && /\b(over|more than|above|beyond)\s+400 lines\b/i.test(comment);
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('electron/engine/ file sizes', () => {
  it('finds the first comment and reads whether it gives the reason', () => {
    expect(firstComment("import x from 'y';\n/** Over 400 lines: one state machine. */\nexport {}")).toBe('/** Over 400 lines: one state machine. */');
    expect(firstComment('// a\n// b\nconst x = 1; // c')).toBe('// a\n// b\n');
    expect(firstComment('const x = 1;')).toBeNull();
    expect(explainsLength('/** Stays whole at more than 400 lines because... */')).toBe(true);
    expect(explainsLength('/** The job lifecycle. */')).toBe(false);
    expect(explainsLength(null)).toBe(false);
  });

  it(`keeps every file at ${MAX_LINES} lines or less, or says why in its first comment`, async () => {
    const files = await sourceFiles(ENGINE);
    expect(files.length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      if (lines > MAX_LINES && !explainsLength(firstComment(text))) offenders.push(`${relative(ROOT, file)}: ${lines} lines, and its first comment does not say why`);
    }
    expect(offenders).toEqual([]);
  });
});
