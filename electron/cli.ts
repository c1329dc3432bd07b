#!/usr/bin/env node
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { entryPathsFrom, type EntryPaths } from './cli/entry-paths';

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

/**
 * Each subcommand's file, loaded only when that command runs (every one for help or an
 * unknown name): a load job's process then holds none of the code of the web server, the
 * sandbox or a fleet worker, which is memory the job's own target counts (bench/s3-load.ts).
 */
const COMMANDS: { names: string[]; register: (program: Command, paths: EntryPaths) => Promise<void> }[] = [
  { names: ['web'], register: async (p, e) => (await import('./cli/web-command')).registerWebCommand(p, e, VERSION) },
  { names: ['load', 'run'], register: async (p, e) => (await import('./cli/load-command')).registerLoadCommands(p, e, VERSION) },
  { names: ['backfill'], register: async (p, e) => (await import('./cli/backfill-command')).registerBackfillCommand(p, e, VERSION) },
  { names: ['worker'], register: async (p, e) => (await import('./cli/worker-command')).registerWorkerCommand(p, e, VERSION) },
  { names: ['query-export'], register: async (p) => (await import('./cli/query-export-command')).registerQueryExportCommand(p) },
  { names: ['sample'], register: async (p) => (await import('./cli/sample-command')).registerSampleCommand(p) },
  { names: ['table'], register: async (p, e) => (await import('./cli/table-command')).registerTableCommand(p, e) },
  { names: ['sandbox'], register: async (p) => (await import('./sandbox/sandbox-command')).registerSandboxCommand(p) },
  { names: ['estimate'], register: async (p, e) => (await import('./cli/estimate-command')).registerEstimateCommand(p, e) },
];

async function main(): Promise<void> {
  const named = process.argv[2];
  const only = COMMANDS.filter((c) => named !== undefined && c.names.includes(named));
  for (const command of only.length > 0 ? only : COMMANDS) await command.register(program, paths);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  console.error(`capstan: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
