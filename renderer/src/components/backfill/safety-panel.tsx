import { useEffect, useState } from 'react';
import type { TableSafety } from '../../../../shared/contract';
import { command, errorWords } from '../../api/command';
import type { SafetyChoice } from './backfill-draft';
import { ReasonButton } from '../reason-button';

/**
 * The safety step of a destructive backfill: point-in-time recovery of the changed
 * table (with buttons to turn it on or take a backup now), the backup the job should
 * take, and the table's name typed to confirm. The engine decides in the end.
 */
export function SafetyPanel({ connectionId, tableName, choice, onChange }: { connectionId: string; tableName: string; choice: SafetyChoice; onChange(next: SafetyChoice): void }) {
  const [safety, setSafety] = useState<TableSafety | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    command('getTableSafety', { connectionId, tableName }).then((s) => live && setSafety(s), (e: unknown) => live && setMessage(errorWords(e)));
    return () => { live = false; };
  }, [connectionId, tableName]);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setMessage(errorWords(e));
    } finally {
      setBusy(false);
    }
  };
  const pitr = safety?.pointInTimeRecovery;
  return (
    <div data-testid="safety-panel">
      <p>
        Point-in-time recovery on <strong>{tableName}</strong>:{' '}
        <strong data-testid="safety-pitr" className={pitr ? '' : 'warn-text'}>{safety === null ? 'reading…' : pitr === null ? 'unknown' : pitr ? 'on' : 'off'}</strong>
        {safety && !safety.hasItems ? ' · the table is empty' : ''}
      </p>
      <div className="controls">
        <ReasonButton data-testid="safety-enable-pitr" blockedBy={pitr === true ? `Point-in-time recovery is already on for ${tableName}` : busy && 'Wait: the last safety action is still being applied'} title={`Turn on point-in-time recovery for ${tableName}`} onClick={() => void act(async () => setSafety(await command('enablePitr', { connectionId, tableName })))}>Turn on PITR</ReasonButton>
        <ReasonButton data-testid="safety-backup" blockedBy={busy && 'Wait: the last safety action is still being applied'} title={`Take an on-demand backup of ${tableName} now`} onClick={() => void act(async () => setMessage(`Backup taken: ${(await command('createBackup', { connectionId, tableName })).backupArn}`))}>Take a backup now</ReasonButton>
        <label>Backup by the job
          <select data-testid="safety-backup-choice" value={choice.backup} onChange={(e) => onChange({ ...choice, backup: e.target.value as SafetyChoice['backup'] })}>
            <option value="none">none (PITR must be on)</option>
            <option value="pitr">turn PITR on at start</option>
            <option value="on-demand">on-demand backup at start</option>
          </select>
        </label>
      </div>
      {message && <p className="muted small mono" data-testid="safety-message">{message}</p>}
      <label className="checkbox">
        <input type="checkbox" data-testid="safety-override" checked={choice.override} onChange={(e) => onChange({ ...choice, override: e.target.checked })} />
        Start without point-in-time recovery or a backup anyway (the report records this override)
      </label>
      <label className="confirm-name">Type the table's name to confirm
        <input data-testid="safety-confirm" value={choice.confirmTable} placeholder={tableName} autoComplete="off" onChange={(e) => onChange({ ...choice, confirmTable: e.target.value })} />
      </label>
    </div>
  );
}
