import { indexProgressWords, type FleetStatus } from '../../../../shared/fleet-status';
import { formatCount } from '../../../../shared/format';
import { useNow } from '../../hooks/use-now';
import { StatTile } from '../dashboard/stat-tile';
import { fleetItemsPerSecond, sharedRateWords, shardWords, workerCounts } from './fleet-words';
import { WorkerTable } from './worker-table';
import './fleet.css';

/**
 * The fleet of a job that runs on `capstan worker` processes: the queue (never with its
 * password), the shared rate in force against the operator's, shards by state, and the
 * per-worker table. Pause and the rate are the job's own controls above: they steer every
 * worker through the shared budget.
 */
export function FleetCard({ fleet }: { fleet: FleetStatus }) {
  const now = useNow();
  const counts = workerCounts(fleet.workers);
  return (
    <section className="card" data-testid="fleet-card">
      <div className="card-head">
        <h2>Fleet</h2>
        <span className="muted small">
          Queue <code data-testid="fleet-queue">{fleet.queue}</code> ·{' '}
          {fleet.planning ? <span className="badge" data-testid="fleet-state">planning</span> : <span className={`badge state-${fleet.state}`} data-testid="fleet-state">{fleet.state}</span>}
        </span>
      </div>
      {fleet.planning && (
        <div className="fleet-planning" data-testid="fleet-planning">
          <p><strong>{indexProgressWords(fleet.planning)}</strong></p>
          <progress max={Math.max(1, fleet.planning.bytesTotal)} value={fleet.planning.bytesRead} />
          <p className="muted small">
            The coordinator reads this object once, before queuing its shards, to cut it into byte ranges that start at record boundaries. Workers take shards when it ends; Stop ends the job now, with nothing queued.
          </p>
        </div>
      )}
      <div className="fleet-summary">
        <StatTile label="Workers" value={counts.silent ? `${counts.live} + ${counts.silent} silent` : String(counts.live)} testId="fleet-worker-count" tone={counts.silent ? 'warn' : undefined} />
        <StatTile label="Shards" value={shardWords(fleet.shards)} testId="fleet-shards" tone={fleet.shards.failed ? 'warn' : undefined} />
        <StatTile label="Items/s (fleet)" value={formatCount(fleetItemsPerSecond(fleet.workers))} testId="fleet-items-per-second" />
      </div>
      <p className="fleet-rate-note" data-testid="fleet-write-rate">
        <strong>Write rate:</strong> {fleet.planning ? `${formatCount(fleet.write.operatorRatePerSecond)} WCU/s once the shards are queued` : sharedRateWords(fleet.write, 'WCU/s', fleet.state)}
      </p>
      {fleet.read && <p className="fleet-rate-note" data-testid="fleet-read-rate"><strong>Read rate:</strong> {sharedRateWords(fleet.read, 'RCU/s', fleet.state)}</p>}
      <p className="muted small">Every worker takes small leases from one budget in Redis, so the fleet together holds the rate whatever the number of workers; pause and rate changes reach them all within a second.</p>
      <WorkerTable fleet={fleet} nowMs={now} />
    </section>
  );
}
