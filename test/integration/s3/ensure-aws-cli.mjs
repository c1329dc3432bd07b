#!/usr/bin/env node
// Makes sure the AWS CLI is there for the S3 integration tests (`aws s3 ... --endpoint-url
// <sandbox>`): uses AWS_CLI_PATH or an `aws` on the PATH; on a Debian machine without one,
// installs Debian's awscli package (root, or sudo without a password). Prints the path.
import { spawnSync } from 'node:child_process';
import { ensureDebianTool } from '../../support/debian-package.mjs';

ensureDebianTool({
  label: 'AWS CLI',
  found: () => {
    if (process.env.AWS_CLI_PATH) return process.env.AWS_CLI_PATH;
    const found = spawnSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' });
    return found.status === 0 ? found.stdout.trim() : undefined;
  },
  debianPackage: 'awscli',
  missing: 'Install it (https://aws.amazon.com/cli/) or set AWS_CLI_PATH to its executable.',
});
