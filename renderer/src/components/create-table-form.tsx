import { useState } from 'react';
import type { CommandRequest } from '../../../shared/contract';
import { command, errorWords } from '../api/command';
import { ReasonButton } from './reason-button';

type KeyType = 'S' | 'N' | 'B';

/** A GSI as the form holds it (names as typed; an empty sort key is none). */
interface IndexDraft {
  indexName: string;
  pk: string;
  pkType: KeyType;
  sk: string;
  skType: KeyType;
  projection: 'ALL' | 'KEYS_ONLY';
}

const TYPE_OPTIONS = (
  <>
    <option value="S">String</option>
    <option value="N">Number</option>
    <option value="B">Binary</option>
  </>
);

/**
 * A form to create a table: name, partition key, an optional sort key, on-demand or
 * provisioned billing (read and write capacity), and global secondary indexes (a
 * provisioned table gives each index the table's capacity). DynamoDB's refusal is
 * shown in its words.
 */
export function CreateTableForm({ connectionId, onCreated }: { connectionId: string; onCreated(name: string): void }) {
  const [name, setName] = useState('customers');
  const [pk, setPk] = useState('pk');
  const [pkType, setPkType] = useState<KeyType>('S');
  const [sk, setSk] = useState('');
  const [skType, setSkType] = useState<KeyType>('S');
  const [billing, setBilling] = useState<'PAY_PER_REQUEST' | 'PROVISIONED'>('PAY_PER_REQUEST');
  const [wcu, setWcu] = useState('1000');
  const [rcu, setRcu] = useState('500');
  const [indexes, setIndexes] = useState<IndexDraft[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const patchIndex = (i: number, patch: Partial<IndexDraft>) => setIndexes((list) => list.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  // An attribute has one type in every key: an index key named like a table key takes its type.
  const typeOfTableKey = (attribute: string): KeyType | null => (attribute.trim() === pk.trim() ? pkType : sk.trim() && attribute.trim() === sk.trim() ? skType : null);
  const nameIndexKey = (i: number, role: 'pk' | 'sk', attribute: string) => {
    const known = typeOfTableKey(attribute);
    patchIndex(i, role === 'pk' ? { pk: attribute, ...(known ? { pkType: known } : {}) } : { sk: attribute, ...(known ? { skType: known } : {}) });
  };
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const request: CommandRequest<'createTable'> = {
        connectionId,
        tableName: name.trim(),
        partitionKey: { name: pk.trim(), type: pkType },
        ...(sk.trim() ? { sortKey: { name: sk.trim(), type: skType } } : {}),
        billing: billing === 'PROVISIONED' ? { mode: 'PROVISIONED', wcu: Math.floor(Number(wcu)), rcu: Math.floor(Number(rcu)) } : { mode: 'PAY_PER_REQUEST' },
        ...(indexes.length
          ? {
            globalSecondaryIndexes: indexes.map((x) => ({
              indexName: x.indexName.trim(), partitionKey: { name: x.pk.trim(), type: x.pkType },
              ...(x.sk.trim() ? { sortKey: { name: x.sk.trim(), type: x.skType } } : {}), projection: x.projection,
            })),
          }
          : {}),
      };
      await command('createTable', request);
      onCreated(name.trim());
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setBusy(false);
    }
  };

  const capacityOk = billing === 'PAY_PER_REQUEST' || (Number(wcu) >= 1 && Number(rcu) >= 1);
  const indexesOk = indexes.every((x) => x.indexName.trim() && x.pk.trim());
  const blocked = busy ? 'Creating the table…' : !name.trim() ? 'Name the table.' : !pk.trim() ? 'Name the partition key.'
    : !capacityOk ? 'Give at least 1 WCU and 1 RCU for a provisioned table.' : !indexesOk ? 'Give every GSI a name and a partition key (or remove it).' : null;
  return (
    <div className="subcard" data-testid="create-table-form">
      <div className="row">
        <label>Name<input data-testid="new-table-name" value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Partition key<input data-testid="new-table-pk" value={pk} onChange={(e) => setPk(e.target.value)} /></label>
        <label>Type<select data-testid="new-table-pk-type" value={pkType} onChange={(e) => setPkType(e.target.value as KeyType)}>{TYPE_OPTIONS}</select></label>
        <label>Sort key (optional)<input data-testid="new-table-sk" value={sk} placeholder="none" onChange={(e) => setSk(e.target.value)} /></label>
        {sk.trim() && <label>Type<select data-testid="new-table-sk-type" value={skType} onChange={(e) => setSkType(e.target.value as KeyType)}>{TYPE_OPTIONS}</select></label>}
      </div>
      <div className="row">
        <label>Billing
          <select data-testid="new-table-billing" value={billing} onChange={(e) => setBilling(e.target.value as typeof billing)}>
            <option value="PAY_PER_REQUEST">On-demand</option>
            <option value="PROVISIONED">Provisioned</option>
          </select>
        </label>
        {billing === 'PROVISIONED' && (
          <>
            <label>Read capacity (RCU)<input data-testid="new-table-rcu" type="number" min={1} value={rcu} onChange={(e) => setRcu(e.target.value)} /></label>
            <label>Write capacity (WCU)<input data-testid="new-table-wcu" type="number" min={1} value={wcu} onChange={(e) => setWcu(e.target.value)} /></label>
          </>
        )}
      </div>
      {indexes.map((x, i) => (
        <div className="row" key={i} data-testid={`new-index-${i}`}>
          <label>Index name<input data-testid={`new-index-${i}-name`} value={x.indexName} onChange={(e) => patchIndex(i, { indexName: e.target.value })} /></label>
          <label>Partition key<input data-testid={`new-index-${i}-pk`} value={x.pk} onChange={(e) => nameIndexKey(i, 'pk', e.target.value)} /></label>
          <label>Type<select data-testid={`new-index-${i}-pk-type`} value={x.pkType} onChange={(e) => patchIndex(i, { pkType: e.target.value as KeyType })}>{TYPE_OPTIONS}</select></label>
          <label>Sort key (optional)<input data-testid={`new-index-${i}-sk`} value={x.sk} placeholder="none" onChange={(e) => nameIndexKey(i, 'sk', e.target.value)} /></label>
          {x.sk.trim() && <label>Type<select data-testid={`new-index-${i}-sk-type`} value={x.skType} onChange={(e) => patchIndex(i, { skType: e.target.value as KeyType })}>{TYPE_OPTIONS}</select></label>}
          <label>Projection
            <select value={x.projection} onChange={(e) => patchIndex(i, { projection: e.target.value as IndexDraft['projection'] })}>
              <option value="ALL">All attributes</option>
              <option value="KEYS_ONLY">Keys only</option>
            </select>
          </label>
          <button type="button" className="link-button" onClick={() => setIndexes((list) => list.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <div className="row">
        <button type="button" data-testid="new-table-add-index" onClick={() => setIndexes((list) => [...list, { indexName: `gsi${list.length + 1}`, pk: '', pkType: 'S', sk: '', skType: 'S', projection: 'ALL' }])}>Add a GSI</button>
        <ReasonButton className="primary" data-testid="create-table" blockedBy={blocked} showReason={!busy} reasonTestId="create-table-blocked" title={`Create ${name.trim()} on this connection`} onClick={() => void create()}>{busy ? 'Creating…' : 'Create'}</ReasonButton>
        {billing === 'PROVISIONED' && indexes.length > 0 && <span className="muted small">Each index gets the table's read and write capacity.</span>}
      </div>
      {error && <p className="error-text" data-testid="create-table-error">{error}</p>}
    </div>
  );
}
