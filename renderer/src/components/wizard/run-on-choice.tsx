import '../fleet/fleet.css';
import { fleetRangeBytes } from '../../../../shared/fleet-status';
import { formatBytes } from '../../../../shared/format';
import type { S3ListedObject } from '../../../../shared/source-browsing';
import { fleetBlocker, isLoopbackQueue, queueUrlProblem, rangeMbProblem, splitPassword, type RunOnDraft } from './run-on-draft';

/**
 * "Run on": this machine, or a fleet of `capstan worker` processes that take the job's
 * shards from a Redis (or Valkey) queue. The queue URL is checked as it is typed, in
 * words; the password sits in its own masked field (one pasted into the URL moves there).
 * With a source on this machine's disk, or the built-in sandbox, the fleet option is
 * disabled and says why. Gzip objects of the S3 listing above the range size are named:
 * each stays one shard, read by one worker.
 */
export function RunOnChoice({ value, onChange, sourcePath, connectionKind, listedObjects = [] }: {
  value: RunOnDraft;
  onChange(next: RunOnDraft): void;
  /** The load's source path (null for a backfill, which reads the table itself). */
  sourcePath: string | null;
  connectionKind: 'sandbox' | 'aws' | 'endpoint' | null;
  /** The objects the wizard's S3 picker lists for the source (this page of them). */
  listedObjects?: S3ListedObject[];
}) {
  const sourceBlock = fleetBlocker(sourcePath, connectionKind);
  const fleet = value.target === 'fleet';
  const urlProblem = fleet && value.queueUrl.trim() ? queueUrlProblem(value.queueUrl) : null;
  // Only a load reads objects that can be cut (a backfill's shards are scan segments).
  const load = sourcePath !== null;
  const rangeProblem = fleet && load ? rangeMbProblem(value.rangeMb) : null;
  const bigGzip = fleet && load && !rangeProblem ? bigGzipObjects(listedObjects, fleetRangeBytes({ rangeMb: Number(value.rangeMb) })) : null;
  const typeUrl = (text: string) => {
    const split = splitPassword(text);
    onChange({ ...value, queueUrl: split.queueUrl, password: split.password ?? value.password });
  };
  return (
    <fieldset className="run-on" data-testid="run-on">
      <label className="run-on-option">
        <input type="radio" name="run-on" data-testid="run-on-local" checked={!fleet} onChange={() => onChange({ ...value, target: 'local' })} />
        <span><strong>This machine</strong>: worker threads in the process running Capstan.</span>
      </label>
      <label className={`run-on-option${sourceBlock ? ' disabled' : ''}`}>
        <input type="radio" name="run-on" data-testid="run-on-fleet" checked={fleet} disabled={!!sourceBlock} title={sourceBlock ?? 'Run the job on capstan worker processes'} onChange={() => onChange({ ...value, target: 'fleet' })} />
        <span><strong>A fleet</strong>: <code>capstan worker</code> processes on any number of machines share the job and one rate; pause and rate changes reach them all within a second.</span>
      </label>
      {sourceBlock && <p className="muted small" data-testid="run-on-fleet-disabled">{sourceBlock}</p>}
      {fleet && !sourceBlock && (
        <div className="run-on-queue">
          <div className="row">
            <label className="grow">
              Queue URL
              <input data-testid="fleet-queue-url" value={value.queueUrl} placeholder="rediss://capstan@my-cache.abc123.use1.cache.amazonaws.com:6379" spellCheck={false} autoComplete="off" onChange={(e) => typeUrl(e.target.value)} />
            </label>
            <label>
              Password
              <input data-testid="fleet-queue-password" type="password" value={value.password} placeholder="none" autoComplete="new-password" onChange={(e) => onChange({ ...value, password: e.target.value })} />
            </label>
          </div>
          {urlProblem && <p className="error-text small" data-testid="fleet-queue-problem">{urlProblem}</p>}
          {load && (
            <label className="run-on-range">
              Range shard size (MB)
              <input data-testid="fleet-range-mb" inputMode="decimal" value={value.rangeMb} spellCheck={false} autoComplete="off" onChange={(e) => onChange({ ...value, rangeMb: e.target.value })} />
              <span className="muted small">
                An uncompressed CSV or JSON-lines object above this size is cut into byte ranges of about this size, and a Parquet object into groups of row groups of about this size: one shard each, so several workers share it.
                A gzip object is always one shard, read by one worker from start to end (gzip cannot be entered in the middle). Default 64.
              </span>
            </label>
          )}
          {rangeProblem && <p className="error-text small" data-testid="fleet-range-problem">{rangeProblem}</p>}
          {bigGzip && <p className="small" data-testid="fleet-gzip-objects">{bigGzip}</p>}
          {!urlProblem && value.queueUrl.trim() && isLoopbackQueue(value.queueUrl) && (
            <p className="muted small" data-testid="fleet-queue-loopback">This queue is on this machine: only workers started here can reach it.</p>
          )}
          <p className="muted small">
            Start workers with <code>capstan worker --queue URL</code> (docs/fleet-deploy.md: Docker, ECS, Kubernetes). The password is sent once with the job and never shown again.
          </p>
        </div>
      )}
    </fieldset>
  );
}

/** How many big gzip objects the note names before "and N more". */
const GZIP_NAMED = 3;

/**
 * Words naming the listed gzip objects (by their ".gz" name) above the range size: each is
 * one shard, read by one worker from start to end. Null when there is none.
 */
function bigGzipObjects(objects: S3ListedObject[], rangeBytes: number): string | null {
  const big = objects.filter((o) => /\.gz$/i.test(o.key) && o.sizeBytes > rangeBytes);
  if (big.length === 0) return null;
  const named = big.slice(0, GZIP_NAMED).map((o) => `${o.key} (${formatBytes(o.sizeBytes)})`);
  const more = big.length > GZIP_NAMED ? ` and ${big.length - GZIP_NAMED} more listed` : '';
  const subject = big.length === 1 ? `${named[0]} is gzip and above the range size: it is one shard` : `${named.join(', ')}${more} are gzip and above the range size: each is one shard`;
  return `${subject}, read by one worker from start to end (gzip cannot be entered in the middle). To share ${big.length === 1 ? 'it' : 'them'} among workers, store ${big.length === 1 ? 'it' : 'them'} uncompressed or as several smaller objects.`;
}
