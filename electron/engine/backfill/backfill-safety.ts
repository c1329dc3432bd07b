import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { changedTableOf, isDestructiveOperation, isReadOnlyOperation, type BackfillJobSpec, type BackfillTrialResult } from '../../../shared/backfill-spec';
import { decideSafety } from './safety-decision';
import { enablePitr, pitrEnabled, tableHasItems, takeBackup } from './table-facts';
import { reapplyRiskNote } from './update-idempotence';

/**
 * A backfill's safety step before its first write, once per job: a local job runs it in
 * its `setUp`, a fleet job's coordinator runs it before any shard is queued. Refuses a
 * destructive job without confirmation and a way back; turns PITR on or takes the backup
 * when chosen; records its decisions in `notes`.
 */
export interface BackfillSafetyResult {
  /** What a trial reports about a real run's safety. */
  trialSafety: BackfillTrialResult['safety'];
  /** True once the checks passed and their action was taken (a resume does not repeat it). */
  passed: boolean;
}

/** Applies the safety rules to the table the job changes (see `decideSafety`); throws `SafetyCheckFailed` in words. */
export async function applyBackfillSafety(
  spec: BackfillJobSpec,
  changedClient: DynamoDBClient,
  jobId: string,
  options: { alreadyPassed: boolean; notes: string[]; log(level: 'info', message: string): void },
): Promise<BackfillSafetyResult> {
  const op = spec.operation;
  const none: BackfillTrialResult['safety'] = { pitrEnabled: false, destructive: false, refusal: [] };
  if (isReadOnlyOperation(op)) return { trialSafety: none, passed: options.alreadyPassed };
  const table = changedTableOf(spec);
  let destructive = isDestructiveOperation(op);
  let because = op.kind === 'delete-where' ? 'delete-where deletes items' : op.kind === 'update' ? 'update rewrites items' : 'copy writes into another table';
  if (op.kind === 'copy') {
    destructive = op.overwrite && (await tableHasItems(changedClient, table));
    because = `copy with overwrite onto ${table}, which already holds items`;
  }
  const pitr = destructive ? await pitrEnabled(changedClient, table) : false;
  const decision = decideSafety({
    destructive, table, confirmTable: spec.safety.confirmTable, pitrEnabled: pitr,
    backup: spec.safety.backup, override: spec.safety.overrideNoBackup, because,
    acceptedRisk: op.kind === 'update' ? reapplyRiskNote(op) : null,
  });
  const trialSafety = { pitrEnabled: pitr, destructive, refusal: decision.kind === 'refuse' ? decision.reasons : [] };
  // A trial writes nothing: it reports what a real run would meet, and never refuses.
  if (spec.trial || options.alreadyPassed) return { trialSafety, passed: options.alreadyPassed };
  if (decision.kind === 'refuse') {
    throw Object.assign(new Error(`Refusing to start: ${decision.reasons.join('; ')}.`), { name: 'SafetyCheckFailed' });
  }
  options.notes.push(...decision.notes);
  if (decision.action === 'enable-pitr') {
    await enablePitr(changedClient, table);
    options.notes.push(`Point-in-time recovery was off for ${table}; the job turned it on before its first write.`);
  } else if (decision.action === 'take-backup') {
    const arn = await takeBackup(changedClient, table, `capstan-${jobId}`.slice(0, 255));
    options.notes.push(`On-demand backup of ${table} taken before the first write: ${arn}`);
  }
  for (const note of decision.notes) options.log('info', note);
  return { trialSafety, passed: true };
}
