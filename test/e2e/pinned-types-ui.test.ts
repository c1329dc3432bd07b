import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient, scanAll } from '../support/table-reader';
import { waitForText, waitForValue } from './ui-wait';
import { onDemandTable, startWebMode, type WebMode } from './web-mode';

const ROWS = 200;

/**
 * The type the wizard's preview shows is the type the job writes: a file whose first 20
 * rows look numeric and whose row 150 does not. The preview says N, the saved spec pins
 * N, and the job rejects row 150 with the reason instead of storing it as text.
 */
describe('column types from the wizard preview to the job (web mode)', () => {
  let app: WebMode;
  let dir: string;
  let page: Page;
  let sandbox: string;

  beforeAll(async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => `r${i + 1},${i === 149 ? 'n/a' : `${i + 1}.5`},note ${i + 1}`);
    app = await startWebMode({
      name: 'types', prepare: (folder) => writeFile(join(folder, 'amounts.csv'), `id,amount,note\n${rows.join('\n')}\n`),
      tables: [onDemandTable('amounts', 'id')], context: { acceptDownloads: true },
    });
    ({ dir, page, sandbox } = app);
  });

  afterAll(() => app?.close());

  it('the preview says N, the spec pins N, and the job rejects row 150 instead of storing text', async () => {
    await page.getByTestId('nav-load').click();
    await page.getByTestId('source-path').fill(join(dir, 'amounts.csv'));
    await page.getByTestId('preview-source').click();
    await waitForText(page.getByTestId('source-preview'), 'amount', { contains: true });
    await waitForText(page.getByTestId('column-type-amount').locator('option').first(), 'N (inferred)');
    await page.getByTestId('target-table').selectOption('amounts');
    await waitForValue(page.getByTestId('target-table'), 'amounts');
    await waitForText(page.getByTestId('sample-valid-count'), '20 of 20');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-spec').click()]);
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8')) as { mapping: { columnTypes?: Record<string, string> } };
    expect(saved.mapping.columnTypes).toEqual({ amount: 'N', note: 'S' });

    await page.getByTestId('start-load').click();
    const dashboard = page.getByTestId('job-dashboard');
    await dashboard.waitFor();
    await waitForText(dashboard.getByTestId('job-state'), 'completed', { timeoutMs: 120_000 });
    await waitForText(page.getByTestId('reconciliation'), `read ${ROWS} = written ${ROWS - 1} + rejected 1 + pending 0`, { contains: true });
    const items = await scanAll(localClient(sandbox), 'amounts');
    expect(items).toHaveLength(ROWS - 1);
    for (const item of items) expect(item.amount?.N, JSON.stringify(item)).toBe(`${item.id!.S!.slice(1)}.5`);
  });
});
