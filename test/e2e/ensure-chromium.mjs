#!/usr/bin/env node
// Makes sure a Chromium is there for the end-to-end tests: uses CHROMIUM_PATH or a
// Chromium/Chrome already installed; on a Debian machine without one, installs Debian's
// chromium package (root, or sudo without a password). Prints the path it found.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
].filter(Boolean);

const found = () => candidates.find((path) => existsSync(path));

if (!found()) {
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!hasApt) {
    console.error('No Chromium found. Install Chromium or Chrome, or set CHROMIUM_PATH to its executable.');
    process.exit(1);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  console.log('No Chromium found: installing Debian\'s chromium package…');
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'chromium']);
}

const path = found();
if (!path) {
  console.error('Chromium is still missing after the install attempt.');
  process.exit(1);
}
console.log(`Chromium: ${path}`);
