import { useState } from 'react';
import type { TableView } from '../../../../shared/sandbox/sandbox-views';
import type { SandboxState } from '../../../../shared/sandbox/sandbox-views';
import { command, errorWords } from '../../api/command';

/**
 * Simulated application traffic on a sandbox table: a steady write and read rate, spread
 * over the key space or concentrated on one hot key, so a rehearsal has a neighbour.
 */
export function OrganicForm({ table, onState }: { table: TableView; onState(s: SandboxState): void }) {
  const current = table.organic?.config;
  const [writes, setWrites] = useState(current?.writeUnitsPerSecond ?? 200);
  const [reads, setReads] = useState(current?.readUnitsPerSecond ?? 400);
  const [hot, setHot] = useState(current?.distribution.kind === 'hot-key' ? current.distribution.hotFraction : 0);
  const [error, setError] = useState<string | null>(null);
  const apply = async (off: boolean) => {
    setError(null);
    try {
      onState(await command('setSandboxOrganic', {
        tableName: table.name,
        traffic: off ? null : { writeUnitsPerSecond: writes, readUnitsPerSecond: reads, distribution: hot > 0 ? { kind: 'hot-key', hotFraction: hot } : { kind: 'uniform' } },
      }));
    } catch (e) {
      setError(errorWords(e));
    }
  };
  return (
    <div className="subcard">
      <div className="row">
        <label>Organic writes (WCU/s)<input type="number" min={0} value={writes} data-testid={`organic-writes-${table.name}`} onChange={(e) => setWrites(Number(e.target.value))} /></label>
        <label>Organic reads (RCU/s)<input type="number" min={0} value={reads} onChange={(e) => setReads(Number(e.target.value))} /></label>
        <label>Share on one hot key (0–1)<input type="number" min={0} max={1} step={0.05} value={hot} onChange={(e) => setHot(Number(e.target.value))} /></label>
        <button data-testid={`organic-apply-${table.name}`} onClick={() => void apply(false)}>{current ? 'Update traffic' : 'Start traffic'}</button>
        {current && <button onClick={() => void apply(true)}>Stop traffic</button>}
      </div>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
