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
