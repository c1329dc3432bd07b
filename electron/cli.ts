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
import { registerWebCommand } from './cli/web-command';
import { registerSandboxCommand } from './sandbox/sandbox-command';

/**
 * The `capstan` command: the same engine as the desktop app, headless. Every subcommand
 * lives in its own file under cli/ (or beside the part it drives).
 */
const VERSION = '0.1.0';
const paths = entryPathsFrom(dirname(fileURLToPath(import.meta.url)));
const program = new Command()
  .name('capstan')
  .description('Bulk loads and backfills for Amazon DynamoDB that hold a rate, pause, resume and report.')
  .version(VERSION);

registerWebCommand(program, paths, VERSION);
registerLoadCommands(program, paths);
registerBackfillCommand(program, paths);
registerQueryExportCommand(program);
registerSampleCommand(program);
registerSandboxCommand(program);
registerEstimateCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`capstan: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
