#!/usr/bin/env node
// Makes sure a Redis server is there for the fleet's integration tests: uses REDIS_SERVER_PATH
// or a redis-server/valkey-server already installed; on a Debian machine without one, installs
// Debian's redis-server package (root, or sudo without a password). Prints the path it found.
// The package's own service is left alone: the tests start their own server on a free port.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The same lookup as test/support/redis-server.ts: REDIS_SERVER_PATH, else the PATH.
const onPath = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const found = () => {
  if (process.env.REDIS_SERVER_PATH) return existsSync(process.env.REDIS_SERVER_PATH) ? process.env.REDIS_SERVER_PATH : '';
  return onPath('redis-server') || onPath('valkey-server');
};

if (!found()) {
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!hasApt) {
    console.error('No Redis server found. Install redis-server (or valkey-server), or set REDIS_SERVER_PATH to its executable.');
    process.exit(1);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  console.log('No Redis server found: installing Debian\'s redis-server package…');
  // policy-rc.d is not ours to change, so the package's service may start; RUNLEVEL=1 asks
  // invoke-rc.d not to start it where the machine honours that.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env });
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'redis-server']);
}

const path = found();
if (!path) {
  console.error('The Redis server is still missing after the install attempt.');
  process.exit(1);
}
console.log(`Redis server: ${path}`);
