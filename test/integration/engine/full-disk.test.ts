import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '../../../electron/engine/tables/table-catalog';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';
import type { RejectLine } from '../../../shared/job-report';
import { startCli } from '../../support/built-app';
import { localClient, scanAll, waitFor } from '../../support/table-reader';

const ROWS = 12_000;
const MOUNT_BYTES = 3 * 1024 * 1024;

/** A small tmpfs of our own (root in the test container); false where mounting is refused. */
function mountTmpfs(at: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_BYTES}`, 'tmpfs', at], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A full disk loses nothing: a load whose data folder fills up fails in words naming the
 * folder, with a non-zero exit; its checkpoint never counts reject lines that are not on
 * disk; after space is freed (and one more crash) a resume finishes with every bad record
 * in the rejects file exactly once and every good one in the table.
 */
describe('a load whose data folder fills up', () => {
  let dir: string;
  let mnt: string;
  let mounted = false;
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'capstan-diskfull-'));
    mnt = join(dir, 'mnt');
    await mkdir(mnt);
    mounted = mountTmpfs(mnt);
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
    if (mounted) execFileSync('umount', [mnt], { stdio: 'ignore' });
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with words and a non-zero exit, keeps a true checkpoint, and resumes (after a crash) to an exact result', async (ctx) => {
    if (!mounted) ctx.skip();
    await createTable(localClient(sandbox.url), { tableName: 'full', partitionKey: { name: 'pk', type: 'S' }, billing: { mode: 'PAY_PER_REQUEST' } });
    // Every third row has no id: rejected, each reject line some 450 bytes (1.8 MB in all).
    const payload = 'p'.repeat(150);
    const rows = Array.from({ length: ROWS }, (_, i) => `${i % 3 === 0 ? '' : `id-${i}`},${payload}`);
    const file = join(dir, 'input.csv');
    await writeFile(file, `id,payload\n${rows.join('\n')}\n`);
    const badCount = rows.filter((_, i) => i % 3 === 0).length;
    const dataDir = join(mnt, 'data');
    await mkdir(dataDir);
    // Leave about 600 KB free. The rate is low enough that the disk fills after the first
    // checkpoints (every 2 s), not before: on a fast machine 3,000 WCU/s filled it in 1.3 s.
    const filler = join(mnt, 'filler');
    await writeFile(filler, Buffer.alloc(MOUNT_BYTES - 600 * 1024));
    const args = ['load', '--endpoint', sandbox.url, '--table', 'full', '--source', file, '--key', 'pk={id}', '--rate', '600', '--data-dir', dataDir];

    const first = startCli(args);
    const code = await first.exited;
    expect(code).not.toBe(0);
    const [jobId] = await readdir(join(dataDir, 'jobs'));
    const jobDir = join(dataDir, 'jobs', jobId!);
    expect(first.output.join('\n')).toContain(`The disk holding ${jobDir} is full: free space and resume`);
    const checkpoint = JSON.parse(await readFile(join(jobDir, 'checkpoint.json'), 'utf8')) as { work: { rejectsBytes: number }; totals: { rejected: number } };
    const rejectsSize = (await stat(join(jobDir, 'rejects.jsonl'))).size;
    expect(checkpoint.work.rejectsBytes).toBeLessThanOrEqual(rejectsSize);
    // The rejects the checkpoint counts are exactly the lines within the length it records.
    const counted = (await readFile(join(jobDir, 'rejects.jsonl'), 'utf8')).slice(0, checkpoint.work.rejectsBytes).split('\n').filter(Boolean);
    expect(counted).toHaveLength(checkpoint.totals.rejected);

    // Space comes back; the resumed run is killed once (a crash), then resumed to the end.
    await rm(filler);
    const crashing = startCli(['load', '--resume', jobId!, '--data-dir', dataDir]);
    await waitFor(async () => {
      const saved = JSON.parse(await readFile(join(jobDir, 'checkpoint.json'), 'utf8')) as { totals: { rejected: number } };
      return saved.totals.rejected > checkpoint.totals.rejected;
    }, 120_000, 'the resumed run checkpoints progress', 50);
    crashing.child.kill('SIGKILL');
    await crashing.exited;
    const last = startCli(['load', '--resume', jobId!, '--data-dir', dataDir]);
    expect(await last.exited).toBe(0);

    const rejectsText = await readFile(join(jobDir, 'rejects.jsonl'), 'utf8');
    expect(rejectsText.includes('\0')).toBe(false);
    const rejects = rejectsText.trim().split('\n').map((l) => JSON.parse(l) as RejectLine);
    expect(rejects).toHaveLength(badCount);
    expect(new Set(rejects.map((r) => r.ordinal)).size).toBe(badCount);
    const report = JSON.parse(await readFile(join(jobDir, 'report.json'), 'utf8')) as { reconciliation: { read: number; written: number; rejected: number; pending: number } };
    expect(report.reconciliation).toMatchObject({ read: ROWS, written: ROWS - badCount, rejected: badCount, pending: 0 });
    expect(await scanAll(localClient(sandbox.url), 'full')).toHaveLength(ROWS - badCount);
  }, 300_000);
});
