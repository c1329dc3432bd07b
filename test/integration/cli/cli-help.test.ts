import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/built-app';

describe('the capstan CLI', () => {
  it('lists its commands in --help', async () => {
    const { code, output } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['web', 'load', 'run', 'sample', 'sandbox', 'estimate', 'table']) {
      expect(output).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('writes a sample of synthetic customers with the documented columns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capstan-sample-'));
    try {
      const out = join(dir, 'c.csv');
      const { code } = await runCli(['sample', '--rows', '250', '--out', out]);
      expect(code).toBe(0);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('customer_id,acquisition_date,created_timestamp,last_updated_timestamp');
      expect(lines).toHaveLength(251);
      const ids = new Set<string>();
      for (const line of lines.slice(1)) {
        const [id, acquired, created, updated] = line.split(',');
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(acquired).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Date.parse(updated!)).toBeGreaterThanOrEqual(Date.parse(created!));
        ids.add(id!);
      }
      expect(ids.size).toBe(250);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad row count in words', async () => {
    const { code, output } = await runCli(['sample', '--rows', 'many', '--out', '/tmp/x.csv']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/whole number/);
  });
});
