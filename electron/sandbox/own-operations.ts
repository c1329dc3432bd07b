import type { Answer } from './dynamodb-front';
import type { TableModel } from './table-model';
import { validationError } from './throttle-errors';

type Data = Record<string, unknown>;

/** DynamoDB operations the sandbox answers itself (state only, no dynalite). */
export const OWN_OPERATIONS = ['DescribeContinuousBackups', 'UpdateContinuousBackups', 'CreateBackup', 'UpdateTimeToLive', 'DescribeTimeToLive'] as const;

function ok(body: unknown): Answer {
  return { status: 200, body };
}

/**
 * Answers TTL and backup calls on an existing table from the table's side state (no
 * expiry, no restore): the front has already validated the table name.
 */
export function answerOwnOperation(operation: string, d: Data, model: TableModel, nowMs: number): Answer {
  const side = model.side;
  const pitr = () => ({
    ContinuousBackupsDescription: {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: side.pointInTimeRecovery
        ? { PointInTimeRecoveryStatus: 'ENABLED', EarliestRestorableDateTime: (side.pitrEnabledAtMs ?? nowMs) / 1000, LatestRestorableDateTime: (nowMs - 300_000) / 1000, RecoveryPeriodInDays: 35 }
        : { PointInTimeRecoveryStatus: 'DISABLED' },
    },
  });
  switch (operation) {
    case 'DescribeTimeToLive':
      return ok({ TimeToLiveDescription: side.ttl.attributeName ? { TimeToLiveStatus: side.ttl.status, AttributeName: side.ttl.attributeName } : { TimeToLiveStatus: side.ttl.status } });
    case 'UpdateTimeToLive': {
      const spec = d.TimeToLiveSpecification as { Enabled?: boolean; AttributeName?: string } | undefined;
      if (!spec || typeof spec.Enabled !== 'boolean' || typeof spec.AttributeName !== 'string' || spec.AttributeName.length === 0) {
        return validationError('1 validation error detected: TimeToLiveSpecification must have Enabled and AttributeName');
      }
      if (spec.Enabled && side.ttl.status === 'ENABLED') return validationError('TimeToLive is already enabled');
      if (!spec.Enabled && side.ttl.status === 'DISABLED') return validationError('TimeToLive is already disabled');
      side.ttl = spec.Enabled ? { status: 'ENABLED', attributeName: spec.AttributeName } : { status: 'DISABLED' };
      return ok({ TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } });
    }
    case 'DescribeContinuousBackups':
      return ok(pitr());
    case 'UpdateContinuousBackups': {
      const spec = d.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined;
      if (!spec || typeof spec.PointInTimeRecoveryEnabled !== 'boolean') return validationError('1 validation error detected: PointInTimeRecoverySpecification must be specified');
      if (spec.PointInTimeRecoveryEnabled && !side.pointInTimeRecovery) side.pitrEnabledAtMs = nowMs;
      side.pointInTimeRecovery = spec.PointInTimeRecoveryEnabled;
      return ok(pitr());
    }
    case 'CreateBackup': {
      if (typeof d.BackupName !== 'string' || d.BackupName.length < 3) return validationError("1 validation error detected: Value at 'backupName' failed to satisfy constraint: Member must have length greater than or equal to 3");
      const backup = { BackupName: d.BackupName, BackupArn: `${model.schema.arn}/backup/${nowMs}-${side.backups.length}`, CreatedMs: nowMs, SizeBytes: 0 };
      side.backups.push(backup);
      return ok({ BackupDetails: { BackupArn: backup.BackupArn, BackupName: backup.BackupName, BackupSizeBytes: 0, BackupStatus: 'AVAILABLE', BackupType: 'USER', BackupCreationDateTime: nowMs / 1000 } });
    }
  }
  return { status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } };
}
