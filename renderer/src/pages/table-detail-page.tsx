import { useEffect, useState } from 'react';
import type { TableDetails } from '../../../shared/contract';
import { formatBytes, formatCount } from '../../../shared/format';
import { command, errorWords } from '../api/command';
import { AutoScalingList } from '../components/tables/auto-scaling-list';
import { IndexList } from '../components/tables/index-list';
import { ItemCount } from '../components/tables/item-count';
import { billingWords, capacityWords } from '../format/capacity-words';
import { useAppStore } from '../store/app-store';

/** One table in detail: key schema, capacity, GSIs with projections, PITR, TTL, auto scaling. */
export function TableDetailPage({ tableName }: { tableName: string }) {
  const connectionId = useAppStore((s) => s.connectionId);
  const setView = useAppStore((s) => s.setView);
  const [details, setDetails] = useState<TableDetails | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    command('describeTable', { connectionId, tableName }).then((d) => live && setDetails(d), (e: unknown) => live && setError(errorWords(e)));
    return () => { live = false; };
  }, [connectionId, tableName]);

  return (
    <div className="page" data-testid="table-detail">
      <button className="link-button back" onClick={() => setView({ page: 'tables' })}>← Tables</button>
      <h1>{tableName} {details && <span className="badge">{details.status}</span>}</h1>
      {error && <p className="error-text">{error}</p>}
      {!details && !error && <p className="muted">Reading the table…</p>}
      {details && (
        <>
          <section className="card">
            <div className="facts">
              <Fact label="Partition key" value={keyOf(details, 'HASH')} testId="detail-partition-key" />
              <Fact label="Sort key" value={keyOf(details, 'RANGE')} testId="detail-sort-key" />
              <Fact label="Billing" value={billingWords(details.billingMode)} testId="detail-billing" />
              <Fact label="Capacity" value={capacityWords(details)} testId="detail-capacity" />
              {details.billingMode === 'PAY_PER_REQUEST' && <Fact label="On-demand max writes" value={details.onDemandMaxWriteRequestUnits === null || details.onDemandMaxWriteRequestUnits <= 0 ? 'no cap' : `${formatCount(details.onDemandMaxWriteRequestUnits)} WRU/s`} />}
              <Fact label="Items (approx.)" value={details.itemCount === null ? '—' : formatCount(details.itemCount)} />
              <Fact label="Size (approx.)" value={details.sizeBytes === null ? '—' : formatBytes(details.sizeBytes)} />
              <Fact label="Table class" value={details.tableClass === 'standard' ? 'Standard' : 'Standard-IA'} />
              <Fact label="Point-in-time recovery" value={details.pointInTimeRecovery === null ? 'unknown' : details.pointInTimeRecovery ? 'on' : 'off'} testId="detail-pitr" />
              <Fact label="Time to live" value={ttlWords(details.timeToLive)} testId="detail-ttl" />
            </div>
            <p className="muted small">Item count and size are DynamoDB's own approximations, refreshed about every six hours.</p>
            {details.arn && <p className="muted small mono">{details.arn}</p>}
          </section>
          {connectionId && (
            <section className="card">
              <h2>Live item count</h2>
              <ItemCount connectionId={connectionId} tableName={tableName} />
            </section>
          )}
          <section className="card">
            <h2>Global secondary indexes</h2>
            <IndexList indexes={details.indexes} />
          </section>
          <section className="card">
            <h2>Auto scaling</h2>
            <AutoScalingList details={details} />
          </section>
        </>
      )}
    </div>
  );
}

/** DynamoDB's TTL status in the words the page uses for PITR ("on", "off"), with the attribute it reads. */
function ttlWords(ttl: TableDetails['timeToLive']): string {
  if (ttl === null) return 'unknown';
  const state = TTL_STATES[ttl.status] ?? ttl.status.toLowerCase();
  return ttl.attribute ? `${state}, attribute ${ttl.attribute}` : state;
}

const TTL_STATES: Record<string, string> = { ENABLED: 'on', DISABLED: 'off', ENABLING: 'turning on', DISABLING: 'turning off' };

function keyOf(details: TableDetails, role: 'HASH' | 'RANGE'): string {
  const k = details.keySchema.find((x) => x.role === role);
  return k ? `${k.name} (${k.type})` : 'none';
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="fact">
      <div className="stat-label">{label}</div>
      <div className="fact-value" data-testid={testId}>{value}</div>
    </div>
  );
}
