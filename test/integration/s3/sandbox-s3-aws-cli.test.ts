import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../electron/sandbox/server';

const ensureScript = join(import.meta.dirname, 'ensure-aws-cli.mjs');

/**
 * Runs `aws` against the sandbox with throwaway credentials and no user config
 * (asynchronously: the sandbox answers from this very process).
 */
function awsCli(sandbox: SandboxHandle, folder: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.env.AWS_CLI_PATH ?? 'aws', [...args, '--endpoint-url', sandbox.url], {
    cwd: folder,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: folder,
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(folder, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(folder, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
    }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? -1) : 0, stdout, stderr }));
  });
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('`aws s3` against the sandbox', () => {
  let sandbox: SandboxHandle;
  let folder: string;
  const aws = async (...args: string[]) => {
    const result = await awsCli(sandbox, folder, args);
    if (result.status !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return result.stdout;
  };

  beforeAll(async () => {
    // Installs Debian's awscli on a machine without it (a no-op when `aws` is there).
    execFileSync(process.execPath, [ensureScript], { stdio: 'inherit' });
    sandbox = await startSandbox({ tableStatusDelayMs: 0 });
    folder = await mkdtemp(join(tmpdir(), 'capstan-aws-cli-'));
  }, 600_000);
  afterAll(async () => {
    await sandbox?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('makes a bucket, copies files up and down (multipart and ranged), lists, copies inside S3, removes', async () => {
    expect(await aws('s3', 'mb', 's3://cli-unload')).toContain('make_bucket: cli-unload');
    expect(await aws('s3', 'ls')).toContain('cli-unload');
    const small = 'id,name\n1,Ada\n';
    await writeFile(join(folder, 'small.csv'), small);
    // 20 MiB: above the CLI's 8 MiB multipart threshold, so it uploads parts and downloads ranges.
    const big = randomBytes(20 * 1024 * 1024);
    await writeFile(join(folder, 'big.bin'), big);
    await mkdir(join(folder, 'tree', 'nested'), { recursive: true });
    await writeFile(join(folder, 'tree', 'a b+c.csv'), 'x\n');
    await writeFile(join(folder, 'tree', 'nested', 'd.csv'), 'y\n');

    await aws('s3', 'cp', 'small.csv', 's3://cli-unload/in/small.csv');
    await aws('s3', 'cp', 'big.bin', 's3://cli-unload/in/big.bin');
    await aws('s3', 'cp', '--recursive', 'tree', 's3://cli-unload/tree/');

    const listing = await aws('s3', 'ls', 's3://cli-unload/in/');
    expect(listing).toMatch(new RegExp(`\\s${small.length} small\\.csv`));
    expect(listing).toMatch(new RegExp(`\\s${big.length} big\\.bin`));
    const recursive = await aws('s3', 'ls', '--recursive', 's3://cli-unload/tree/');
    expect(recursive).toContain('tree/a b+c.csv');
    expect(recursive).toContain('tree/nested/d.csv');
    expect(await aws('s3', 'ls', 's3://cli-unload/')).toMatch(/PRE in\/[\s\S]*PRE tree\//);

    await aws('s3', 'cp', 's3://cli-unload/in/big.bin', 'big-back.bin');
    expect(sha256(await readFile(join(folder, 'big-back.bin')))).toBe(sha256(big));
    await aws('s3', 'cp', 's3://cli-unload/in/small.csv', 's3://cli-unload/done/small.csv');
    await aws('s3', 'cp', 's3://cli-unload/done/small.csv', 'small-back.csv');
    expect(await readFile(join(folder, 'small-back.csv'), 'utf8')).toBe(small);

    await aws('s3', 'rm', 's3://cli-unload/in/small.csv');
    expect(await aws('s3', 'ls', 's3://cli-unload/in/')).not.toContain('small.csv');
    await aws('s3', 'rm', '--recursive', 's3://cli-unload/');
    expect(await aws('s3', 'ls', '--recursive', 's3://cli-unload/')).toBe('');
    await aws('s3', 'rb', 's3://cli-unload');
    expect(await aws('s3', 'ls')).not.toContain('cli-unload');
  }, 400_000);

  it('fails in words on a missing bucket or key', async () => {
    const missingBucket = await awsCli(sandbox, folder, ['s3', 'ls', 's3://no-such-bucket/']);
    expect(missingBucket.status).not.toBe(0);
    expect(missingBucket.stderr).toContain('NoSuchBucket');
    await aws('s3', 'mb', 's3://cli-errors');
    const missingKey = await awsCli(sandbox, folder, ['s3', 'cp', 's3://cli-errors/none.csv', 'none.csv']);
    expect(missingKey.status).not.toBe(0);
    expect(missingKey.stderr).toMatch(/404|Not Found/);
  }, 200_000);
});
