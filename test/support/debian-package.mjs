// The shared half of the ensure-*.mjs scripts (Redis, the AWS CLI, Chromium): find a tool, and on
// a Debian machine without it install Debian's package (root, or sudo without a password), then
// find it again. Prints the path it found, or says in words what to do and exits 1.
import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Finds a test tool or installs it from Debian. `found()` returns its path or '' / undefined;
 * `label` names it in messages ("Redis server"), `debianPackage` is what apt-get installs,
 * `missing` tells a machine without apt-get what to do, `env` adds to apt-get's environment.
 * Returns the path; exits the process with 1 when the tool cannot be had.
 * @param {{ label: string, found: () => string | undefined, debianPackage: string, missing: string, env?: Record<string, string> }} tool
 * @returns {string}
 */
export function ensureDebianTool({ label, found, debianPackage, missing, env = {} }) {
  if (!found()) {
    const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
    if (!hasApt) {
      console.error(`No ${label} found. ${missing}`);
      process.exit(1);
    }
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const prefix = asRoot ? [] : ['sudo', '-n'];
    console.log(`No ${label} found: installing Debian's ${debianPackage} package…`);
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', ...env };
    const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env: aptEnv });
    run(['apt-get', 'update', '-q']);
    run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', debianPackage]);
  }
  const path = found();
  if (!path) {
    console.error(`The ${label} is still missing after the install attempt.`);
    process.exit(1);
  }
  console.log(`${label}: ${path}`);
  return path;
}
