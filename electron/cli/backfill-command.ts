import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { backfillJobSpecSchema, type BackfillJobSpec, type BackfillJobSpecInput, type BackfillOperation } from '../../shared/backfill-spec';
import type { ConnectionRef, JobSpec } from '../../shared/job-spec';
import { Engine } from '../engine/engine';
import { connectionFromFlags, withConnectionOptions, type ConnectionFlags } from './connection-options';
import type { EntryPaths } from './entry-paths';
import { dataDirOption, noKeysOption, reportOption } from './job-run-options';
import { collect } from './repeatable-option';
import { superviseJob } from './supervise-job';
import { disableKeys } from './terminal-keys';
import { createTerminalProgress } from './terminal-progress';
import { maxRateFromFlags, rateModeFromFlags, withRateModeOptions, type RateModeFlags } from './rate-mode-options';
import { runFleetFromTerminal } from './fleet-terminal';
import { queueUrlWithoutCredentials } from '../../shared/fleet-status';
import { checkDynamoNumber } from '../../shared/mapping/dynamo-number';
import { isExactNumber, parseJsonExact } from '../../shared/mapping/exact-number';

/** Every flag of `capstan backfill`. */
export interface BackfillFlags extends ConnectionFlags, RateModeFlags {
  table?: string;
  op?: string;
  ttlAttribute: string;
  from?: string;
  days: string;
  attribute?: string;
  template?: string;
  type: 'S' | 'N';
  where?: string;
  update?: string;
  condition?: string;
  targetTable?: string;
  targetRegion?: string;
  targetEndpoint?: string;
  overwrite?: boolean;
  drop: string[];
  set: string[];
  out?: string;
  filter?: string;
  name: string[];
  value: string[];
  segments?: string;
  pageLimit?: string;
  workers?: string;
  sequential?: boolean;
  readRate: string;
  maxCost?: string;
  trial?: string;
  resume?: string;
  report?: string;
  confirm?: string;
  backup: 'none' | 'pitr' | 'on-demand';
  overrideSafety?: boolean;
  acceptReapplyRisk?: boolean;
  fleet?: string;
  dataDir: string;
  /** false with --no-keys. */
  keys?: boolean;
}

/** Adds `capstan backfill`. */
export function registerBackfillCommand(program: Command, paths: EntryPaths, version = '0.1.0'): void {
  withConnectionOptions(withRateModeOptions(
    program
      .command('backfill')
      .description('scan a live table with a shuffled parallel scan and change (or read) its items with conditional writes')
      .option('--table <name>', 'the table to scan')
      .option('--op <operation>', 'add-ttl | derive | delete-where | update | copy | count | find')
      .option('--ttl-attribute <name>', 'add-ttl: the TTL attribute to set', 'ttl')
      .option('--from <attribute>', 'add-ttl: the date attribute the TTL is computed from')
      .option('--days <n>', 'add-ttl: days added to the date', '0')
      .option('--attribute <name>', 'derive: the attribute to set')
      .option('--template <template>', 'derive: e.g. "{state}#{city}"')
      .option('--type <S|N>', 'derive: the type of the derived attribute', 'S')
      .option('--where <expression>', 'delete-where: the condition items must match, e.g. "created < :cutoff"')
      .option('--update <expression>', 'update: the UpdateExpression')
      .option('--condition <expression>', 'update: the ConditionExpression (required; makes a re-run harmless)')
      .option('--target-table <name>', 'copy: the table to copy into')
      .option('--target-region <region>', 'copy: the target table\'s region (default: the source\'s)')
      .option('--target-endpoint <url>', 'copy: the target\'s endpoint (default: the source\'s)')
      .option('--overwrite', 'copy: replace items already in the target (destructive)')
      .option('--drop <attribute>', 'copy: leave this attribute out (repeatable)', collect, [])
      .option('--set <attr=value>', 'copy: set an attribute on every copy (repeatable; JSON value or text)', collect, [])
      .option('--out <file>', 'find: write matching items here (DynamoDB JSON lines)')
      .option('--filter <expression>', 'only items matching this FilterExpression are processed')
      .option('--name <#n=attr>', 'an expression attribute name placeholder (repeatable)', collect, [])
      .option('--value <:v=value>', 'an expression value placeholder, JSON or text (repeatable)', collect, [])
      .option('--segments <n>', 'parallel scan segments (default: from the table size)')
      .option('--page-limit <n>', 'items per Scan page')
      .option('--workers <n>', 'worker threads (default: from the cores)')
      .option('--sequential', 'read segments in order instead of shuffled (for comparison)')
      .option('--read-rate <rcu>', 'read capacity per second the scan may use (whatever the write rate mode)', '500')
      .option('--max-cost <usd>', 'pause (headless: stop) when the spend or its projection passes this')
      .option('--trial <fraction>', 'read-only trial on this fraction of the segments (e.g. 0.01): what would change, projected cost')
      .option('--resume <id>', 'resume a stopped or crashed backfill from its checkpoint')
      .addOption(reportOption()),
  ))
    .option('--confirm <table>', 'destructive operations: name the table to confirm')
    .option('--backup <kind>', 'destructive operations: pitr (turn point-in-time recovery on) | on-demand (take a backup first) | none', 'none')
    .option('--override-safety', 'start a destructive job without PITR or a backup (recorded in the report)')
    .option('--accept-reapply-risk', 'update: run a non-idempotent update (ADD, SET n = n + :x, list_append) without a guarding condition; a resume after a crash may apply it twice to the items in flight at the last checkpoint (recorded in the report)')
    .addOption(dataDirOption())
    .option('--fleet <url>', 'run the scan segments on `capstan worker` processes fed by this queue (redis://HOST:PORT); with --resume: attach to the fleet job')
    .addOption(noKeysOption())
    .action(async (flags: BackfillFlags) => {
      if (flags.keys === false) disableKeys();
      if (flags.fleet) {
        process.exitCode = await runFleetFromTerminal({
          queueUrl: flags.fleet, spec: flags.resume ? null : backfillSpecFromFlags(flags), resumeId: flags.resume ?? null, dataDir: flags.dataDir,
          reportPath: flags.report, version, resumeCommand: `capstan backfill --fleet ${queueUrlWithoutCredentials(flags.fleet)} --resume`,
          ...(flags.resume && flags.maxCost ? { maxCostUsd: Number(flags.maxCost) } : {}),
        });
        return;
      }
      const what = flags.resume ? { resume: flags.resume } : { spec: backfillSpecFromFlags(flags) };
      process.exitCode = await runBackfillFromTerminal(paths, flags.dataDir, flags.report, what);
    });
}

/** Builds a backfill spec from flags; errors name the flag. */
export function backfillSpecFromFlags(flags: BackfillFlags): BackfillJobSpec {
  if (!flags.table) throw new Error('--table is required');
  if (!flags.op) throw new Error('--op is required');
  const names = parseAssignments(flags.name, '--name', false) as Record<string, string>;
  const values = parseAssignments(flags.value, '--value', true);
  const used = (expression: string) => placeholdersUsedBy(expression, names, values);
  const input: BackfillJobSpecInput = {
    kind: 'backfill',
    connection: connectionFromFlags(flags),
    table: flags.table,
    operation: operationFromFlags(flags, used),
    ...(flags.filter ? { filter: { expression: flags.filter, ...used(flags.filter) } } : {}),
    scan: {
      ...(flags.segments ? { segments: Number(flags.segments) } : {}),
      ...(flags.pageLimit ? { pageLimit: Number(flags.pageLimit) } : {}),
      ...(flags.workers ? { workers: Number(flags.workers) } : {}),
      ...(flags.sequential ? { shuffle: false } : {}),
    },
    rate: { ...rateModeFromFlags(flags), rcuPerSecond: Number(flags.readRate) },
    limits: { ...(flags.maxCost ? { maxCostUsd: Number(flags.maxCost) } : {}), ...(flags.maxRate ? { maxWcuPerSecond: maxRateFromFlags(flags) } : {}) },
    ...(flags.trial ? { trial: { fraction: Number(flags.trial) } } : {}),
    safety: {
      ...(flags.confirm ? { confirmTable: flags.confirm } : {}),
      backup: flags.backup,
      overrideNoBackup: flags.overrideSafety === true,
    },
  };
  const parsed = backfillJobSpecSchema.safeParse(input);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

function operationFromFlags(flags: BackfillFlags, used: (expression: string) => { names: Record<string, string>; values: Record<string, unknown> }): BackfillJobSpecInput['operation'] {
  const need = (value: string | undefined, flag: string): string => {
    if (!value) throw new Error(`--op ${flags.op} needs ${flag}`);
    return value;
  };
  switch (flags.op) {
    case 'add-ttl':
      return { kind: 'add-ttl', attribute: flags.ttlAttribute, fromAttribute: need(flags.from, '--from'), addDays: Number(flags.days) };
    case 'derive':
      return { kind: 'derive', attribute: need(flags.attribute, '--attribute'), template: need(flags.template, '--template'), type: flags.type };
    case 'delete-where': {
      const where = need(flags.where, '--where');
      return { kind: 'delete-where', where: { expression: where, ...used(where) } };
    }
    case 'update': {
      const update = need(flags.update, '--update');
      const condition = need(flags.condition, '--condition');
      return { kind: 'update', update, condition, ...used(`${update} ${condition}`), acceptReapplyRisk: flags.acceptReapplyRisk === true };
    }
    case 'copy': {
      const region = flags.targetRegion;
      const endpoint = flags.targetEndpoint;
      const targetConnection: ConnectionRef | undefined =
        endpoint ? { kind: 'endpoint', endpoint, region: region ?? flags.region ?? 'us-east-1' } : region ? { kind: 'aws', region, ...(flags.profile ? { profile: flags.profile } : {}) } : undefined;
      return {
        kind: 'copy',
        targetTable: need(flags.targetTable, '--target-table'),
        ...(targetConnection ? { targetConnection } : {}),
        overwrite: flags.overwrite === true,
        drop: flags.drop,
        set: parseAssignments(flags.set, '--set', true),
      };
    }
    case 'count':
      return { kind: 'count' };
    case 'find':
      return { kind: 'find', outputPath: need(flags.out, '--out') };
    default:
      throw new Error(`--op must be one of add-ttl, derive, delete-where, update, copy, count, find (got "${flags.op}")`);
  }
}

/** `name=value` pairs; values are JSON when they parse as JSON, else text. */
function parseAssignments(pairs: string[], flag: string, json: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`${flag} "${pair}" must look like name=value`);
    const name = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    if (json) {
      try {
        value = JSON.parse(text);
        // A number a double cannot hold keeps its digits, as an explicit N value.
        const exact = parseJsonExact(text);
        if (isExactNumber(exact) && typeof value === 'number') {
          const n = checkDynamoNumber(exact.text);
          const asDouble = checkDynamoNumber(String(value));
          if (n.ok && (!asDouble.ok || asDouble.text !== n.text)) value = { N: n.text };
        }
      } catch {
        value = text;
      }
    }
    out[name] = value;
  }
  return out;
}

/** The placeholders an expression uses (DynamoDB refuses unused ones). */
export function placeholdersUsedBy(expression: string, names: Record<string, string>, values: Record<string, unknown>) {
  const tokens = new Set(expression.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  return {
    names: Object.fromEntries(Object.entries(names).filter(([n]) => tokens.has(n))),
    values: Object.fromEntries(Object.entries(values).filter(([n]) => tokens.has(n))),
  };
}

/** Runs one backfill with terminal output; resolves to the exit code (0 only when every segment was read and every item settled). */
export async function runBackfillFromTerminal(paths: EntryPaths, dataDir: string, reportPath: string | undefined, what: { spec: JobSpec } | { resume: string }): Promise<number> {
  const engine = await Engine.start({ dataDir, workerScripts: paths.workerScripts, sandbox: false });
  engine.subscribe(createTerminalProgress());
  const job = 'spec' in what ? await engine.jobs.start(what.spec) : await engine.jobs.resume(what.resume);
  console.log(`Job ${job.id} (resume it with: capstan backfill --resume ${job.id})`);
  const report = await superviseJob(engine, job.id, `capstan backfill --resume ${job.id}`);
  const trial = engine.jobs.get(job.id).trialResult?.() ?? null;
  await engine.close();
  if (!report) return 1;
  if (reportPath) await writeFile(reportPath, JSON.stringify(report, null, 2));
  const r = report.reconciliation;
  for (const note of report.notes) console.log(note);
  if (trial?.examples[0]) console.log(`Example:\n  before ${JSON.stringify(trial.examples[0].before)}\n  after  ${JSON.stringify(trial.examples[0].after)}`);
  console.log(`\n${report.job.state}: ${r.statement}${report.error ? `\n${report.error.message}` : ''}`);
  console.log(`Report: ${reportPath ?? '(in the job folder)'}; failed items: ${report.rejects.file ?? 'none'}`);
  return report.job.state === 'completed' && r.pending === 0 && r.rejected === 0 ? 0 : 1;
}

/** The kinds `--op` accepts, for help and the UI. */
export const BACKFILL_OPERATIONS: readonly BackfillOperation['kind'][] = ['add-ttl', 'derive', 'delete-where', 'update', 'copy', 'count', 'find'];
