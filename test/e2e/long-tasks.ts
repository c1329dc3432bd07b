import type { Page } from 'playwright-core';

/**
 * Starts recording long tasks (main-thread work over 50 ms, the browser's own
 * definition) in the page; the returned function stops and returns their durations.
 */
export async function recordLongTasks(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __longTaskObserver: PerformanceObserver };
    w.__longTasks = [];
    w.__longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(Math.round(entry.duration));
    });
    w.__longTaskObserver.observe({ type: 'longtask' });
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[]; __longTaskObserver: PerformanceObserver };
      w.__longTaskObserver.disconnect();
      return w.__longTasks;
    });
}

/**
 * Starts counting changes of an attribute on the elements with a test id (each redraw of the
 * capacity chart's plot sets its `data-drawn-ticks`); the returned function stops and returns
 * how many there were. Unlike long tasks this does not depend on how busy the machine is.
 */
export async function countAttributeChanges(page: Page, testId: string, attribute: string): Promise<() => Promise<number>> {
  await page.evaluate(([id, name]) => {
    const w = window as unknown as { __attributeChanges: number; __attributeObserver: MutationObserver };
    w.__attributeChanges = 0;
    w.__attributeObserver = new MutationObserver((records) => {
      for (const r of records) if ((r.target as Element).getAttribute('data-testid') === id && r.oldValue !== (r.target as Element).getAttribute(name!)) w.__attributeChanges++;
    });
    w.__attributeObserver.observe(document.body, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: [name!] });
  }, [testId, attribute]);
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { __attributeChanges: number; __attributeObserver: MutationObserver };
      w.__attributeObserver.disconnect();
      return w.__attributeChanges;
    });
}
