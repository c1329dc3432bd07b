import type { Command } from 'commander';
import type { ConnectionRef } from '../../shared/job-spec';

/** The port `capstan sandbox` listens on unless told otherwise. */
export const DEFAULT_SANDBOX_PORT = 8000;

/** Where `--sandbox` points when `--endpoint` does not say: the standalone `capstan sandbox` on its default port. */
export const DEFAULT_SANDBOX_ENDPOINT = `http://127.0.0.1:${DEFAULT_SANDBOX_PORT}`;

/** `--region`'s default: $AWS_REGION, as the AWS CLI reads it, else us-east-1. */
export function defaultRegion(): string {
  return process.env.AWS_REGION ?? 'us-east-1';
}

/**
 * Adds the connection flags of a command that works on a table: `--endpoint`, `--sandbox`,
 * `--region` and `--profile` (read back with connectionFromFlags), worded the same everywhere.
 */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'DynamoDB endpoint (a Capstan sandbox or another local endpoint)')
    .option('--sandbox', `use a Capstan sandbox (${DEFAULT_SANDBOX_ENDPOINT} unless --endpoint); no AWS credentials needed`)
    .option('--region <region>', 'AWS region', defaultRegion())
    .option('--profile <name>', 'AWS profile from the shared config files');
}

/** The connection flags as commander hands them to an action. */
export interface ConnectionFlags {
  endpoint?: string;
  sandbox?: boolean;
  region?: string;
  profile?: string;
}

/** The connection the flags name: --endpoint or --sandbox, else AWS with --region and --profile. */
export function connectionFromFlags(flags: ConnectionFlags): ConnectionRef {
  if (flags.endpoint || flags.sandbox) {
    return { kind: 'endpoint', endpoint: flags.endpoint ?? DEFAULT_SANDBOX_ENDPOINT, region: flags.region ?? 'us-east-1' };
  }
  return { kind: 'aws', region: flags.region ?? 'us-east-1', ...(flags.profile ? { profile: flags.profile } : {}) };
}
