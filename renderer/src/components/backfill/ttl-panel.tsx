import { useState } from 'react';
import type { AttributeSample, TableDetails } from '../../../../shared/contract';
import { formatCount } from '../../../../shared/format';
import { command, errorWords } from '../../api/command';
import { useNow } from '../../hooks/use-now';
import { ConfirmDialog } from '../confirm-dialog';
import { previewTtls, ttlWords } from './ttl-preview';
import { ReasonButton } from '../reason-button';

/**
 * The add-ttl step's facts before any trial: the TTLs the sampled items would get, as
 * dates and epoch seconds, a warning when some are already past (those items would be
 * deleted within days of TTL being on), and whether TTL is on for the table, with an
 * offer to turn it on (UpdateTimeToLive, after a confirmation).
 */
export function TtlPanel({ connectionId, tableName, details, sample, attribute, fromAttribute, addDays, onTtlChanged }: {
  connectionId: string; tableName: string; details: TableDetails | null; sample: AttributeSample | null;
  attribute: string; fromAttribute: string; addDays: number; onTtlChanged(): void;
}) {
  const now = useNow(60_000);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const preview = sample && fromAttribute ? previewTtls(sample, fromAttribute, addDays, Math.floor(now / 1000)) : null;
  const ttl = details?.timeToLive ?? null;
  const ttlOn = ttl !== null && (ttl.status === 'ENABLED' || ttl.status === 'ENABLING');
  const enable = async () => {
    setConfirming(false);
    setMessage(null);
    try {
      const answer = await command('enableTtl', { connectionId, tableName, attribute });
      setMessage(`TTL is being turned on for ${answer.attribute}: DynamoDB takes up to an hour to finish.`);
      onTtlChanged();
    } catch (e) {
      setMessage(errorWords(e));
    }
  };
  return (
    <div className="subcard" data-testid="ttl-panel">
      {preview && sample && (
        <p data-testid="ttl-preview">
          In a sample of {formatCount(sample.scanned)} items, {formatCount(preview.withDate)} have <strong>{fromAttribute}</strong>
          {preview.earliest !== null && preview.latest !== null
            ? <>: their TTLs would run from <strong data-testid="ttl-earliest">{ttlWords(preview.earliest)}</strong> to <strong data-testid="ttl-latest">{ttlWords(preview.latest)}</strong>.</>
            : '.'}
          {preview.notDates > 0 && <span className="warn-text"> {formatCount(preview.notDates)} of them are not dates: the job rejects those items.</span>}
        </p>
      )}
      {preview && preview.inPast > 0 && (
        <p className="banner warn" data-testid="ttl-past-warning">
          {formatCount(preview.inPast)} of {formatCount(preview.withDate - preview.notDates)} computed TTLs are already in the past: once TTL is on, DynamoDB deletes those items, usually within a few days. Add more days if they should stay.
        </p>
      )}
      {fromAttribute && sample && !preview && <p className="warn-text small" data-testid="ttl-no-attribute">No item in the sample has {fromAttribute}: items without it are left alone.</p>}
      {details && (ttlOn ? (
        ttl!.attribute && ttl!.attribute !== attribute
          ? <p className="banner warn" data-testid="ttl-status">TTL on {tableName} is {ttl!.status.toLowerCase()} for <strong>{ttl!.attribute}</strong>, not {attribute}: items expire by {ttl!.attribute} only, and a table has one TTL attribute.</p>
          : <p className="muted small" data-testid="ttl-status">TTL on {tableName} is {ttl!.status.toLowerCase()} for {ttl!.attribute ?? attribute}.</p>
      ) : (
        <div className="banner warn" data-testid="ttl-status">
          <span>TTL is {ttl === null ? 'not known (it could not be read)' : 'disabled'} on {tableName}: the job writes {attribute}, but no item expires until TTL is on for it.</span>
          {ttl !== null && <ReasonButton data-testid="ttl-enable" blockedBy={!attribute && 'Name the TTL attribute first'} showReason title={`Ask DynamoDB to expire items by ${attribute}`} onClick={() => setConfirming(true)}>Turn on TTL for {attribute}…</ReasonButton>}
        </div>
      ))}
      {message && <p className="small" data-testid="ttl-message">{message}</p>}
      {confirming && (
        <ConfirmDialog
          title={`Turn on TTL for ${attribute}?`}
          body={`DynamoDB will delete items of ${tableName} whose ${attribute} is a time in the past (epoch seconds), at no write cost, usually within a few days of that time.${preview && preview.inPast > 0 ? ` In the sample, ${preview.inPast} computed TTLs are already past.` : ''} Items already holding ${attribute} are affected too.`}
          confirmLabel="Turn on TTL"
          onCancel={() => setConfirming(false)}
          onConfirm={() => void enable()}
        />
      )}
    </div>
  );
}
