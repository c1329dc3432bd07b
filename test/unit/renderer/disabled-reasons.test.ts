import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every control the renderer disables says why (issue 16: "a disabled button always says
 * why"). Buttons are disabled only through `ReasonButton`, whose `blockedBy` is the
 * reason; an input, select or textarea given `disabled=` carries a `title=` in the same
 * tag. Read from the source, so a new screen cannot slip past it.
 */
const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const RENDERER = join(ROOT, 'renderer', 'src');
const REASON_BUTTON = join(RENDERER, 'components', 'reason-button.tsx');

/** The opening tags of these elements in a TSX text, each as its whole text (braces and strings inside are skipped over). */
export function openingTags(text: string, names: readonly string[]): { name: string; tag: string; line: number }[] {
  const found: { name: string; tag: string; line: number }[] = [];
  const start = new RegExp(`<(${names.join('|')})(?=[\\s/>])`, 'g');
  for (let m = start.exec(text); m; m = start.exec(text)) {
    let depth = 0;
    let quote: string | null = null;
    let i = m.index + m[0].length;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '>' && depth === 0) break;
    }
    found.push({ name: m[1]!, tag: text.slice(m.index, i + 1), line: text.slice(0, m.index).split('\n').length });
  }
  return found;
}

/** Whether a tag gives this attribute at its own level (not inside an expression). */
export function hasAttribute(tag: string, attribute: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < tag.length; i++) {
    const c = tag[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c) && tag.startsWith(`${attribute}=`, i + 1)) return true;
  }
  return false;
}

async function tsxFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.tsx')).map((e) => join(e.parentPath, e.name));
}

describe('disabled controls in renderer/src say why', () => {
  it('reads opening tags and their own attributes', () => {
    const tags = openingTags('<div><button data-x={a > b ? "x>" : `y`} disabled={busy}>Go</button><input title="t" disabled /></div>', ['button', 'input']);
    expect(tags.map((t) => t.name)).toEqual(['button', 'input']);
    expect(hasAttribute(tags[0]!.tag, 'disabled')).toBe(true);
    expect(hasAttribute(tags[0]!.tag, 'title')).toBe(false);
    expect(hasAttribute('<button onClick={() => f({ disabled: true })}>', 'disabled')).toBe(false);
    expect(hasAttribute(tags[1]!.tag, 'title')).toBe(true);
  });

  it('disables buttons only through ReasonButton, and gives every other disabled control a title', async () => {
    const files = await tsxFiles(RENDERER);
    expect(files.length).toBeGreaterThan(40);
    const offenders: string[] = [];
    for (const file of files) {
      if (file === REASON_BUTTON) continue;
      const text = await readFile(file, 'utf8');
      for (const { name, tag, line } of openingTags(text, ['button', 'input', 'select', 'textarea'])) {
        if (!hasAttribute(tag, 'disabled')) continue;
        if (name === 'button') offenders.push(`${relative(ROOT, file)}:${line}: <button disabled=…>: use ReasonButton with blockedBy (the reason in words)`);
        else if (!hasAttribute(tag, 'title')) offenders.push(`${relative(ROOT, file)}:${line}: <${name} disabled=…> without a title saying why`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
