import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built CLI entry (the test command builds before integration and e2e tests). */
export const CLI = resolve(ROOT, 'out/main/cli.js');
/** The built sender worker. */
export const WORKER_SCRIPT = resolve(ROOT, 'out/main/load-worker.js');
/** Every built worker entry, as the engine takes them. */
export const WORKER_SCRIPTS = {
  'load-job-worker': resolve(ROOT, 'out/main/load-job-worker.js'),
  'load-worker': WORKER_SCRIPT,
  'backfill-worker': resolve(ROOT, 'out/main/backfill-worker.js'),
};

/** Fails early, in words, when the build is missing. */
export function requireBuild(): void {
  if (!existsSync(CLI) || !existsSync(WORKER_SCRIPT)) {
    throw new Error('out/ is missing: run `npm run build` (npm test does it first)');
  }
}

/** A CLI process and the lines it printed. */
export interface CliProcess {
  child: ChildProcess;
  output: string[];
  /** Resolves with the first line matching, or rejects after the timeout. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `capstan ...` from the build; with `stdin: 'pipe'` the test can type into it (`child.stdin`). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { stdin?: 'ignore' | 'pipe' } = {}): CliProcess {
  requireBuild();
  return startNode([CLI, ...args], env, options);
}

/** Starts `node ARGS...` in the repository root, collecting its lines (a test's helper process, or the CLI). */
export function startNode(args: string[], env: NodeJS.ProcessEnv = {}, options: { stdin?: 'ignore' | 'pipe' } = {}): CliProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve(m: RegExpMatchArray): void }[] = [];
  const onText = (chunk: Buffer) => {
    for (const line of chunk.toString().split(/\r?\n|\r/)) {
      if (!line) continue;
      output.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.pattern);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout!.on('data', onText);
  child.stderr!.on('data', onText);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    output,
    exited,
    waitForLine(pattern, timeoutMs = 30_000) {
      for (const line of output) {
        const m = line.match(pattern);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolveWait, reject) => {
        const timer = setTimeout(() => reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms; output:\n${output.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (m) => { clearTimeout(timer); resolveWait(m); } });
      });
    },
  };
}

/** Runs `capstan ...` to its end; returns exit code and output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const cli = startCli(args, env);
  const code = await cli.exited;
  return { code, output: cli.output.join('\n') };
}
