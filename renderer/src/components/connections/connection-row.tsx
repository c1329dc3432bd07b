import { useState } from 'react';
import type { ConnectionInfo, ConnectionTest } from '../../../../shared/contract';
import { command, errorInfoOf } from '../../api/command';
import { ConnectionTestResult } from './connection-test-result';
import { ReasonButton } from '../reason-button';

const KIND_WORDS: Record<ConnectionInfo['kind'], string> = { sandbox: 'Sandbox', aws: 'AWS profile', endpoint: 'Custom endpoint' };

/** One connection: pick it, test it (answer in words), remove it when it is a saved endpoint. */
export function ConnectionRow({ connection, selected, onSelect, onRemove }: { connection: ConnectionInfo; selected: boolean; onSelect(): void; onRemove(): void }) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      setResult(await command('testConnection', { connectionId: connection.id }));
    } catch (e) {
      setResult({ ok: false, ...errorInfoOf(e), hint: null });
    } finally {
      setTesting(false);
    }
  };
  return (
    <li className={`connection-row ${selected ? 'selected' : ''}`} data-testid={`connection-row-${connection.id}`}>
      <label className="connection-pick">
        <input type="radio" name="connection" checked={selected} data-testid={`select-connection-${connection.id}`} onChange={onSelect} />
        <span className={`dot ${connection.kind}`} aria-hidden />
        <span className="connection-label">{connection.label}</span>
      </label>
      <div className="connection-facts small muted">
        <span>{KIND_WORDS[connection.kind]}</span>
        <span>{connection.region}</span>
        {connection.profile && <span>profile {connection.profile}{connection.sso ? ' (SSO)' : ''}</span>}
        {connection.endpoint && <span className="mono">{connection.endpoint}</span>}
      </div>
      <div className="connection-actions">
        <ReasonButton data-testid={`test-connection-${connection.id}`} blockedBy={testing && 'Testing: waiting for the endpoint to answer'} title="List the tables with this connection and time the answer" onClick={() => void test()}>{testing ? 'Testing…' : 'Test'}</ReasonButton>
        {connection.kind === 'endpoint' && <button className="danger" data-testid={`remove-connection-${connection.id}`} onClick={onRemove}>Remove</button>}
      </div>
      {result && <div className="connection-result"><ConnectionTestResult result={result} /></div>}
    </li>
  );
}
