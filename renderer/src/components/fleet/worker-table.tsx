import { formatCount, formatPercent, formatRate } from '../../../../shared/format';
import type { FleetStatus } from '../../../../shared/fleet-status';
import { errorWords, heartbeatAgeMs, heartbeatTone, heartbeatWords } from './fleet-words';

/**
 * One row per worker: host, shards done and running, items/s, its share of the fleet's
 * items (a small bar), the last heartbeat as an age, and its errors with the last one in
 * words. A worker the coordinator marked silent is greyed and says so.
 */
export function WorkerTable({ fleet, nowMs }: { fleet: FleetStatus; nowMs: number }) {
  if (fleet.workers.length === 0) {
    return (
      <p className="muted" data-testid="fleet-no-workers">
        No worker has taken a shard yet. Start one where it can reach the queue and the table: <code>capstan worker --queue {fleet.queue}</code>
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="grid fleet-table" data-testid="fleet-workers">
        <thead>
          <tr>
            <th>Host</th>
            <th className="num">Shards done</th>
            <th className="num">Running</th>
            <th className="num">Items/s</th>
            <th>Share</th>
            <th>Last heartbeat</th>
            <th>Errors</th>
          </tr>
        </thead>
        <tbody>
          {fleet.workers.map((worker) => {
            const age = heartbeatAgeMs(worker, fleet, nowMs);
            const tone = heartbeatTone(worker, age);
            return (
              <tr key={worker.id} className={worker.silent ? 'silent' : ''} data-testid="fleet-worker" data-worker-id={worker.id}>
                <td className="host" title={`${worker.id} · pid ${worker.pid} · Capstan ${worker.version}`}>{worker.host}<span className="muted small"> · pid {worker.pid}</span></td>
                <td className="num" data-testid="worker-shards-done">{formatCount(worker.shardsDone)}</td>
                <td className="num" data-testid="worker-shards-running">{formatCount(worker.shardsRunning)}</td>
                <td className="num" data-testid="worker-items-per-second">{formatRate(worker.itemsPerSecond, '').trim()}</td>
                <td>
                  <div className="share" title={`${formatPercent(worker.share)} of the fleet's items per second`}>
                    <div className="share-bar"><div style={{ width: `${Math.round(worker.share * 100)}%` }} /></div>
                    <span className="share-value" data-testid="worker-share">{Math.round(worker.share * 100)}%</span>
                  </div>
                </td>
                <td data-testid="worker-heartbeat" className={tone === 'ok' ? '' : tone === 'late' ? 'heartbeat-late' : 'heartbeat-lost'}>
                  {tone === 'lost' ? `lost: ${heartbeatWords(age)}` : heartbeatWords(age)}
                </td>
                <td className={worker.errors ? 'last-error' : 'muted'} data-testid="worker-errors">{errorWords(worker)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
