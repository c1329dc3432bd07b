import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, requireBuild, ROOT, runCli } from '../../support/built-app';
import { waitFor } from '../../support/table-reader';

/**
 * The README's examples run as written on a fresh machine: every line of every `sh` block
 * runs, in order, in an empty folder, with nothing but the built CLI (issue 16, point 11).
 * Only these substitutions are made, so no fixed port is used: `npx capstan` is the built
 * `node out/main/cli.js`, port 8000 is a free port, and `--sandbox` (which means
 * 127.0.0.1:8000) gets `--endpoint` with that port. A `# text` line after a command is
 * output the command must print. Lines that are not run are listed below with the reason.
 * Beside that, every `capstan …` command the README and docs/*.md show in running text
 * uses only flags its `--help` lists, and every repository path they name exists.
 */
const README = join(ROOT, 'README.md');

/** Lines of the README's `sh` blocks that this test does not run, and why. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm run web': 'installs the repository and serves until stopped; web mode is driven by the e2e suite (test/e2e/web-mode.ts) on the same build',
  'npm install && npm test': 'runs the whole suite, this test among it',
};

/** The `sh` blocks of a Markdown text, each as its lines. */
function shBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!.split('\n').filter((l) => l.trim() !== ''));
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

/** A README line as this machine runs it (see the substitutions above). */
function substituted(line: string, port: number): string {
  return line
    .replace(/^npx capstan(?=\s)/, `node ${JSON.stringify(CLI)}`)
    .replace(/(127\.0\.0\.1:|--port )8000\b/g, `$1${port}`)
    .replace(/ --sandbox(?=\s|$)/g, ` --sandbox --endpoint http://127.0.0.1:${port}`);
}

/** Runs one shell line to its end: exit code and everything it printed. */
function runLine(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
}

describe('the README runs as written', () => {
  const background: ChildProcess[] = [];
  const folders: string[] = [];

  const stopBackground = async () => {
    for (const child of background.splice(0)) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  };

  afterAll(async () => {
    await stopBackground();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('has sh blocks, and every line of them is run or listed with a reason', async () => {
    const blocks = shBlocks(await readFile(README, 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const line of Object.keys(NOT_RUN)) expect(blocks.some((b) => b.includes(line)), `"${line}" is still in the README`).toBe(true);
  });

  it('runs every sh block in a fresh folder, each command exiting 0 and printing what the README says', async () => {
    requireBuild();
    const blocks = shBlocks(await readFile(README, 'utf8'));
    let ran = 0;
    for (const block of blocks) {
      if (block.every((line) => NOT_RUN[line.trim()] !== undefined)) continue;
      if (block.some((line) => line.startsWith('aws ')) && !hasCommand('aws')) {
        console.warn(`Not run (the AWS CLI is not installed here): the block starting "${block[0]}"`);
        continue;
      }
      const cwd = await mkdtemp(join(tmpdir(), 'capstan-readme-'));
      folders.push(cwd);
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, CAPSTAN_HOME: join(cwd, '.capstan') };
      let last: { line: string; output: string } | null = null;
      for (const raw of block) {
        const line = raw.trim();
        if (NOT_RUN[line]) continue;
        if (line.startsWith('#')) {
          expect(last, `"${line}" follows no command`).not.toBeNull();
          expect(last!.output, `${last!.line} should print "${line.slice(1).trim()}"`).toContain(line.slice(1).trim());
          continue;
        }
        if (line.startsWith('export ')) {
          for (const [, name, value] of line.slice(7).matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
          continue;
        }
        if (line === 'kill %1') {
          await stopBackground();
          continue;
        }
        const command = substituted(line, port);
        if (line.endsWith('&')) {
          const child = spawn('bash', ['-c', `exec ${command.slice(0, -1).trim()}`], { cwd, env, stdio: 'ignore' });
          background.push(child);
          await waitFor(() => listening(port), 30_000, `${line} to listen on port ${port}`);
          continue;
        }
        const result = await runLine(command, cwd, env);
        expect(result.code, `${line}\n${result.output}`).toBe(0);
        last = { line, output: result.output };
        ran++;
      }
      await stopBackground();
    }
    expect(ran).toBeGreaterThanOrEqual(10);
  }, 900_000);

  it('shows only flags the CLI has, in every capstan command of the README and docs/*.md', async () => {
    const files = [README, ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];
    const helpOf = new Map<string, string>();
    const problems: string[] = [];
    for (const file of files) {
      const text = (await readFile(file, 'utf8')).replace(/^```[\s\S]*?^```/gm, '');
      for (const [, span] of text.matchAll(/`((?:npx )?capstan [^`]+)`/g)) {
        const words = span!.replace(/^npx /, '').split(/\s+/).slice(1);
        if (!words[0] || words[0].startsWith('-')) continue;
        // "capstan load|backfill --fleet" stands for each of the commands.
        for (const name of words[0].split('|')) {
          const command = name === 'table' ? [name, ...words.slice(1, 2)] : [name];
          const key = command.join(' ');
          if (!helpOf.has(key)) {
            const help = await runCli([...command, '--help']);
            helpOf.set(key, help.code === 0 ? help.output : '');
          }
          const help = helpOf.get(key)!;
          if (!help) {
            problems.push(`${file}: \`${span}\`: capstan has no command "${key}"`);
            continue;
          }
          for (const flag of span!.match(/(?<=\s)--[a-z][a-z-]*/g) ?? []) {
            if (!new RegExp(`${flag}(?![a-z-])`).test(help) && !(flag.startsWith('--no-') && help.includes(`--${flag.slice(5)}`))) problems.push(`${file}: \`${span}\`: capstan ${key} has no ${flag}`);
          }
        }
      }
    }
    expect(helpOf.size).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  }, 120_000);

  it('names only repository paths that exist, in the README and docs/*.md', async () => {
    const files = [README, ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => join(ROOT, 'docs', f))];
    const missing: string[] = [];
    let checked = 0;
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      // Links and images, relative to the file.
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target!)) continue;
        checked++;
        if (!existsSync(resolve(dirname(file), target!.split('#')[0]!))) missing.push(`${file}: link ${target}`);
      }
      // Paths in code spans, relative to the repository.
      for (const [, path] of text.matchAll(/`((?:docs|electron|renderer|shared|test|bench|build|scripts)\/[\w./-]*[\w/])`/g)) {
        if (/[*<]/.test(path!)) continue;
        checked++;
        if (!existsSync(join(ROOT, path!))) missing.push(`${file}: ${path}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
