#!/usr/bin/env node
// Makes sure the AWS CLI is there for the S3 integration tests (`aws s3 ... --endpoint-url
// <sandbox>`): uses AWS_CLI_PATH or an `aws` on the PATH; on a Debian machine without one,
// installs Debian's awscli package (root, or sudo without a password). Prints the path.
import { execFileSync, spawnSync } from 'node:child_process';

const which = () => {
  if (process.env.AWS_CLI_PATH) return process.env.AWS_CLI_PATH;
  const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
};

if (!which()) {
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!hasApt) {
    console.error('No AWS CLI found. Install it (https://aws.amazon.com/cli/) or set AWS_CLI_PATH to its executable.');
    process.exit(1);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = asRoot ? [] : ['sudo', '-n'];
  console.log("No AWS CLI found: installing Debian's awscli package…");
  const run = (args) => execFileSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', 'awscli']);
}

const path = which();
if (!path) {
  console.error('The AWS CLI is still missing after the install attempt.');
  process.exit(1);
}
console.log(`AWS CLI: ${path}`);
