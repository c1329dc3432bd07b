import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseKeyAssignment } from '../../shared/key-template';
import { jobSpecSchema, type JobSpec, type LoadJobSpecInput, type SourceFormatName } from '../../shared/job-spec';
import { everyRecordRejected } from '../../shared/job-outcome';
import { fleetRangeMbProblem, queueUrlWithoutCredentials } from '../../shared/fleet-status';
import type { ClientTarget } from '../engine/dynamo/client-target';
import { Engine } from '../engine/engine';
import { workerTarget } from '../engine/fleet/worker-target';
import { parseRedisUrl } from '../engine/fleet/redis-url';
import { noValidSampleError, noValidSampleRefusal } from '../engine/mapping/sample-gate';
import { connectionFromFlags, DEFAULT_SANDBOX_ENDPOINT, defaultRegion, withConnectionOptions, type ConnectionFlags } from './connection-options';
import type { EntryPaths } from './entry-paths';
import { dataDirOption, noKeysOption, reportOption } from './job-run-options';
import { collect } from './repeatable-option';
import { superviseJob } from './supervise-job';
import { disableKeys } from './terminal-keys';
import { parseWriteModeFlag, requireWriteModeForFullTable } from './write-mode-check';
import { createTerminalProgress } from './terminal-progress';
import { maxRateFromFlags, rateModeFromFlags, withRateModeOptions, type RateModeFlags } from './rate-mode-options';

interface LoadFlags extends ConnectionFlags, RateModeFlags {
  table?: string;
  source?: string;
  format: SourceFormatName;
  key: string[];
  workers?: string;
  shuffle: boolean;
  maxRejects?: string;
  maxCost?: string;
  autoscalingTarget?: string;
  report?: string;
  resume?: string;
  donePrefix?: string;
  failedPrefix?: string;
  deleteOriginals?: boolean;
  writeMode?: string;
  fleet?: string;
  fleetRangeMb?: string;
  startWithoutValidSample?: boolean;
  dataDir: string;
  /** false with --no-keys. */
  keys?: boolean;
}

/** The flag that starts a load whose first rows would all be rejected. */
const START_ANYWAY_FLAG = '--start-without-valid-sample';
const START_ANYWAY_HELP = 'start even when none of the first 50 rows of the source would be written (by default such a load is refused)';

/** Adds `capstan load` and `capstan run JOB.json`. */
export function registerLoadCommands(program: Command, paths: EntryPaths, version = '0.1.0'): void {
  withConnectionOptions(withRateModeOptions(
    program
      .command('load')
      .description('load files (CSV, JSON lines, DynamoDB JSON; gzip; Parquet; a file, folder or glob, local or in S3) into a table')
      .option('--table <name>', 'target table')
      .option('--source <path>', 'file, folder or glob; or S3: s3://bucket/prefix/, s3://bucket/prefix/*.csv.gz, s3://bucket/key')
      .option('--format <format>', 'csv | jsonl | ddb-json | parquet (Parquet files are known by name or content whatever this says)', 'csv')
      .option('--key <attr=template>', 'key attribute from a template, e.g. "pk=CUST#{customer_id}" (repeatable)', collect, [])
      .option('--workers <n>', 'sender worker threads (default: from the cores)')
      .option('--no-shuffle', 'keep the input order (by default input is spread so sorted keys do not make a hot partition)')
      .option('--write-mode <mode>', 'replace | insert-only | merge: what happens to an item whose key is already in the table (required when the table is not empty)')
      .option('--max-rejects <n>', 'fail the job when more records than this are rejected')
      .option(START_ANYWAY_FLAG, START_ANYWAY_HELP)
      .option('--autoscaling-target <fraction>', 'raise the table\'s auto-scaling write target to this (e.g. 0.8) while the job runs; restored at the end')
      .option('--max-cost <usd>', 'pause the job when its spend, or its projected total, would pass this many dollars'),
  ))
    .addOption(reportOption())
    .option('--done-prefix <s3url>', 'S3 source: when the load completes, copy finished objects under this prefix (s3://bucket/done/)')
    .option('--failed-prefix <s3url>', 'S3 source: copy objects that could not be read whole under this prefix (s3://bucket/failed/)')
    .option('--delete-originals', 'with --done-prefix/--failed-prefix: delete each original after its copy')
    .option('--resume <id>', 'resume a stopped or crashed job from its checkpoint (with --fleet: attach to the fleet job in Redis)')
    .option('--fleet <url>', 'run on `capstan worker` processes fed by this queue (redis://HOST:PORT); the source must be in S3')
    .option('--fleet-range-mb <mb>', 'with --fleet: cut uncompressed CSV/JSON-lines objects above this size into byte ranges of about this size, and Parquet objects into groups of row groups of about this size, one shard each (the spec\'s fleet.rangeMb; default 64)')
    .addOption(dataDirOption())
    .addOption(noKeysOption())
    .action(async (flags: LoadFlags) => {
      if (flags.keys === false) disableKeys();
      if (flags.fleet) {
        if (flags.resume && flags.fleetRangeMb !== undefined) throw new Error('--fleet-range-mb cannot change a planned job: its shards are in Redis already. Leave it out with --resume');
        const spec = flags.resume ? null : specFromFlags(flags);
        if (spec) await refuseWithoutValidSample(spec, workerTarget(spec), flags.startWithoutValidSample ?? false);
        process.exitCode = await (await import('./fleet-terminal')).runFleetFromTerminal({
          queueUrl: flags.fleet, spec, resumeId: flags.resume ?? null, dataDir: flags.dataDir,
          reportPath: flags.report, version, resumeCommand: `capstan load --fleet ${queueUrlWithoutCredentials(flags.fleet)} --resume`,
          ...(flags.resume && flags.maxCost ? { maxCostUsd: Number(flags.maxCost) } : {}),
        });
        return;
      }
      const what = flags.resume
        ? { resume: flags.resume, maxCostUsd: flags.maxCost ? Number(flags.maxCost) : undefined }
        : { spec: specFromFlags(flags) };
      process.exitCode = await runFromTerminal(paths, flags.dataDir, flags.report, what, flags.startWithoutValidSample ?? false);
    });

  program
    .command('run <job.json>')
    .description('run a saved job spec (the same JSON the app saves)')
    .option('--write-mode <mode>', 'replace | insert-only | merge, for a load spec that names none (required when the table is not empty)')
    .option(START_ANYWAY_FLAG, START_ANYWAY_HELP)
    .option('--endpoint <url>', 'run against this endpoint instead of the spec\'s connection (a spec saved in the app names the app\'s sandbox)')
    .option('--sandbox', `run against a Capstan sandbox (${DEFAULT_SANDBOX_ENDPOINT} unless --endpoint) instead of the spec's connection`)
    .option('--region <region>', 'region for --endpoint / --sandbox', defaultRegion())
    .addOption(reportOption())
    .option('--fleet <url>', 'run on `capstan worker` processes fed by this queue (redis://HOST:PORT); default: the spec\'s fleet.queue, if any')
    .addOption(dataDirOption())
    .addOption(noKeysOption())
    .action(async (file: string, flags: ConnectionFlags & { report?: string; dataDir: string; writeMode?: string; fleet?: string; startWithoutValidSample?: boolean; keys?: boolean }) => {
      if (flags.keys === false) disableKeys();
      const parsed = jobSpecSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) {
        throw new Error(`${file} is not a valid job spec: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      const writeMode = parseWriteModeFlag(flags.writeMode);
      let spec = writeMode && parsed.data.kind === 'load' ? { ...parsed.data, writeMode } : parsed.data;
      if (flags.endpoint || flags.sandbox) spec = { ...spec, connection: connectionFromFlags(flags) };
      else if (spec.connection.kind === 'sandbox') {
        throw new Error(`${file} names the app's built-in sandbox, which the CLI does not start: add --sandbox (a \`capstan sandbox\` at ${DEFAULT_SANDBOX_ENDPOINT}) or --endpoint <url>`);
      }
      const queueUrl = flags.fleet ?? spec.fleet?.queue;
      if (queueUrl) {
        await refuseWithoutValidSample(spec, workerTarget(spec), flags.startWithoutValidSample ?? false);
        process.exitCode = await (await import('./fleet-terminal')).runFleetFromTerminal({
          queueUrl, spec, resumeId: null, dataDir: flags.dataDir, reportPath: flags.report, version,
          resumeCommand: `capstan ${spec.kind} --fleet ${queueUrlWithoutCredentials(queueUrl)} --resume`,
        });
        return;
      }
      process.exitCode = await runFromTerminal(paths, flags.dataDir, flags.report, { spec }, flags.startWithoutValidSample ?? false);
    });
}

/** Builds a load spec from flags; errors name the flag. */
export function specFromFlags(flags: LoadFlags): JobSpec {
  if (!flags.table) throw new Error('--table is required');
  if (!flags.source) throw new Error('--source is required');
  const input: LoadJobSpecInput = {
    kind: 'load',
    connection: connectionFromFlags(flags),
    table: flags.table,
    source: {
      path: flags.source,
      format: flags.format,
      spread: flags.shuffle,
      ...(flags.donePrefix || flags.failedPrefix
        ? { afterLoad: { donePrefix: flags.donePrefix, failedPrefix: flags.failedPrefix, deleteOriginals: flags.deleteOriginals ?? false } }
        : {}),
    },
    ...(flags.writeMode ? { writeMode: parseWriteModeFlag(flags.writeMode) } : {}),
    mapping: { templates: flags.key.map((k) => ({ ...parseKeyAssignment(k), type: 'S' as const })) },
    rate: rateModeFromFlags(flags),
    limits: {
      ...(flags.maxRate ? { maxWcuPerSecond: maxRateFromFlags(flags) } : {}),
      ...(flags.maxRejects ? { maxRejects: Number(flags.maxRejects) } : {}),
      ...(flags.maxCost ? { maxCostUsd: Number(flags.maxCost) } : {}),
    },
    options: flags.workers ? { workers: Number(flags.workers) } : {},
    ...(flags.autoscalingTarget ? { autoScaling: { writeTargetDuringJob: Number(flags.autoscalingTarget) } } : {}),
    ...(flags.fleet ? { fleet: { queue: parseRedisUrl(flags.fleet).display, ...(flags.fleetRangeMb !== undefined ? { rangeMb: rangeMbFlag(flags.fleetRangeMb) } : {}) } } : {}),
  };
  const parsed = jobSpecSchema.safeParse(input);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** --fleet-range-mb as the spec's fleet.rangeMb; refused in words when it is not a size the spec takes. */
function rangeMbFlag(text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  const problem = fleetRangeMbProblem(value);
  if (problem) throw new Error(`--fleet-range-mb: ${problem.replace(/not .*$/, `not "${text}"`)}`);
  return value;
}

/** Runs one job with terminal output; resolves to the process exit code. */
async function runFromTerminal(
  paths: EntryPaths,
  dataDir: string,
  reportPath: string | undefined,
  what: { spec: JobSpec } | { resume: string; maxCostUsd?: number },
  startWithoutValidSample: boolean,
): Promise<number> {
  const engine = await Engine.start({ dataDir, workerScripts: paths.workerScripts, sandbox: false });
  if ('spec' in what) {
    try {
      await requireWriteModeForFullTable(engine, what.spec);
      await refuseWithoutValidSample(what.spec, engine.targetFor(what.spec.connection), startWithoutValidSample);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }
  engine.subscribe(createTerminalProgress());
  const job =
    'spec' in what
      ? await engine.jobs.start(what.spec)
      : await engine.jobs.resume(what.resume, (spec) =>
          what.maxCostUsd === undefined ? spec : { ...spec, limits: { ...spec.limits, maxCostUsd: what.maxCostUsd } },
        );
  console.log(`Job ${job.id} (resume it with: capstan load --resume ${job.id})`);
  const report = await superviseJob(engine, job.id, `capstan load --resume ${job.id} --max-cost <higher>`);
  await engine.close();
  if (!report) return 1;
  if (reportPath) await writeFile(reportPath, JSON.stringify(report, null, 2));
  const r = report.reconciliation;
  const cost = report.cost ? `; cost $${report.cost.spentUsd.toFixed(4)} (${report.cost.billing})` : '';
  console.log(`\n${report.job.state}: ${r.statement}${cost}${report.error ? `\n${report.error.message}` : ''}`);
  console.log(`Report: ${reportPath ?? '(in the job folder)'}; rejects: ${report.rejects.file ?? 'none'}`);
  // From the report on disk, not the job in memory.
  if (everyRecordRejected(report.job.state, report.totals)) {
    console.log(`Nothing was written: every record read (${r.read.toLocaleString('en-US')}) was rejected; the reasons are in the rejects file.`);
    return 1;
  }
  return report.job.state === 'completed' && r.pending === 0 ? 0 : 1;
}

/**
 * Refuses, in words, a new load whose first rows would all be rejected, unless the
 * operator gave START_ANYWAY_FLAG (sample-gate.ts decides; a backfill is never refused).
 */
async function refuseWithoutValidSample(spec: JobSpec, target: ClientTarget, startAnyway: boolean): Promise<void> {
  if (startAnyway) return;
  const refusal = await noValidSampleRefusal(spec, target, `give ${START_ANYWAY_FLAG} to start anyway`);
  if (refusal) throw noValidSampleError(refusal);
}
