#!/usr/bin/env node
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerBackfillCommand } from './cli/backfill-command';
import { registerEstimateCommand } from './cli/estimate-command';
import { entryPathsFrom } from './cli/entry-paths';
import { registerLoadCommands } from './cli/load-command';
import { registerQueryExportCommand } from './cli/query-export-command';
import { registerSampleCommand } from './cli/sample-command';
import { registerTableCommand } from './cli/table-command';
import { registerWebCommand } from './cli/web-command';
import { registerWorkerCommand } from './cli/worker-command';
import { registerSandboxCommand } from './sandbox/sandbox-command';

/**
 * The `capstan` command: the same engine as the desktop app, headless. Every subcommand
 * lives in its own file under cli/ (or beside the part it drives).
 */
const VERSION = '0.1.0';
// The AWS SDK warns, once per thread (the main one and every worker), that its releases
// after January 2027 need Node 22; the README states the Node versions Capstan runs on.
// One notice a job was noise, so the CLI turns it off (worker threads inherit the setting).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const paths = entryPathsFrom(dirname(fileURLToPath(import.meta.url)));
const program = new Command()
  .name('capstan')
  .description('Bulk loads and backfills for Amazon DynamoDB that hold a rate, pause, resume and report.')
  .version(VERSION);

registerWebCommand(program, paths, VERSION);
registerLoadCommands(program, paths, VERSION);
registerBackfillCommand(program, paths, VERSION);
registerWorkerCommand(program, paths, VERSION);
registerQueryExportCommand(program);
registerSampleCommand(program);
registerTableCommand(program, paths);
registerSandboxCommand(program);
registerEstimateCommand(program, paths);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`capstan: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
