#!/usr/bin/env node
// Makes sure a Redis server is there for the fleet's integration tests: uses REDIS_SERVER_PATH
// or a redis-server/valkey-server already installed; on a Debian machine without one, installs
// Debian's redis-server package (root, or sudo without a password). Prints the path it found.
// The package's own service is left alone: the tests start their own server on a free port.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDebianTool } from './debian-package.mjs';

// The same lookup as test/support/redis-server.ts: REDIS_SERVER_PATH, else the PATH.
const onPath = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

ensureDebianTool({
  label: 'Redis server',
  found: () => {
    if (process.env.REDIS_SERVER_PATH) return existsSync(process.env.REDIS_SERVER_PATH) ? process.env.REDIS_SERVER_PATH : '';
    return onPath('redis-server') || onPath('valkey-server');
  },
  debianPackage: 'redis-server',
  missing: 'Install redis-server (or valkey-server), or set REDIS_SERVER_PATH to its executable.',
  // policy-rc.d is not ours to change, so the package's service may start; RUNLEVEL=1 asks
  // invoke-rc.d not to start it where the machine honours that.
  env: { RUNLEVEL: '1' },
});
