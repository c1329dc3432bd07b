import type { Locator } from 'playwright-core';
import { waitFor } from '../support/table-reader';

/** Waits until an element's text matches (equals a string, or contains it when `contains`), with a timeout. */
export async function waitForText(locator: Locator, expected: string | RegExp, options: { timeoutMs?: number; contains?: boolean } = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let last = '';
  try {
    return await waitFor(async () => {
      last = ((await locator.first().textContent({ timeout: timeoutMs }).catch(() => '')) ?? '').trim();
      const ok = typeof expected === 'string' ? (options.contains ? last.includes(expected) : last === expected) : expected.test(last);
      return ok ? last : null;
    }, timeoutMs, `text ${String(expected)}`, 50);
  } catch {
    throw new Error(`Expected ${String(expected)} in ${locator.toString()}, last saw "${last}"`);
  }
}

/** Waits until an input's value equals the expected one. */
export async function waitForValue(locator: Locator, expected: string, timeoutMs = 30_000): Promise<void> {
  let last = '';
  try {
    await waitFor(async () => {
      last = await locator.inputValue({ timeout: timeoutMs }).catch(() => '');
      return last === expected;
    }, timeoutMs, `value ${expected}`, 50);
  } catch {
    throw new Error(`Expected value "${expected}" in ${locator.toString()}, last saw "${last}"`);
  }
}
