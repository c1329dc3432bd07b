import type { Command } from 'commander';

/** Where `--sandbox` points when `--endpoint` does not say: the standalone `capstan sandbox` on its default port. */
export const DEFAULT_SANDBOX_ENDPOINT = 'http://127.0.0.1:8000';

/**
 * Adds the connection flags of a command that works on a table: `--endpoint`, `--sandbox`,
 * `--region` and `--profile` (read back with connectionFromFlags), worded the same everywhere.
 */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'DynamoDB endpoint (a Capstan sandbox or another local endpoint)')
    .option('--sandbox', `use a Capstan sandbox (${DEFAULT_SANDBOX_ENDPOINT} unless --endpoint)`)
    .option('--region <region>', 'AWS region', process.env.AWS_REGION ?? 'us-east-1')
    .option('--profile <name>', 'AWS profile from the shared config files');
}
