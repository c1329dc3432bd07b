import type { BackfillOperationKind } from '../../../../shared/backfill-spec';
import type { AttributeSample, TableSummary } from '../../../../shared/contract';
import { AttributePicks, looksLikeDate } from './attribute-picks';
import type { BackfillDraft } from './backfill-draft';
import { ConditionBuilderForm } from './condition-builder-form';

const OPERATIONS: { kind: BackfillOperationKind; label: string; what: string }[] = [
  { kind: 'add-ttl', label: 'Add TTL', what: 'Set a TTL attribute to a date attribute + N days (epoch seconds), only where it is missing: old items then expire for free.' },
  { kind: 'derive', label: 'Derive attribute', what: 'Set an attribute from a template of others (the key a new GSI needs), only where missing or different.' },
  { kind: 'delete-where', label: 'Delete where', what: 'Delete the items matching a condition; the delete checks the condition again. Destructive.' },
  { kind: 'update', label: 'Update', what: 'Any UpdateExpression, guarded by a ConditionExpression that makes a re-run harmless. Destructive.' },
  { kind: 'copy', label: 'Copy to table', what: 'Copy every item into another table; items already there are left alone.' },
  { kind: 'count', label: 'Count', what: 'Read-only: count the items (matching a filter).' },
  { kind: 'find', label: 'Find', what: 'Read-only: write the matching items to a file (DynamoDB JSON lines).' },
];

/**
 * The operation picker and the fields of the chosen operation: attribute names can be
 * picked from a sample of the table, and each expression has a condition builder beside
 * the raw text (which stays editable).
 */
export function OperationForm({ draft, tables, sample, onChange }: { draft: BackfillDraft; tables: TableSummary[]; sample: AttributeSample | null; onChange(patch: Partial<BackfillDraft>): void }) {
  const field = (key: Exclude<keyof BackfillDraft, 'acceptReapplyRisk' | 'writeMode'>, label: string, placeholder = '', grow = false) => (
    <label className={grow ? 'grow' : ''}>
      {label}
      <input data-testid={`bf-${key}`} value={draft[key]} placeholder={placeholder} onChange={(e) => onChange({ [key]: e.target.value })} />
    </label>
  );
  const placeholders = (
    <div className="row">
      <label className="grow"><span>Names, one <span className="mono">#name=attribute</span> a line</span>
        <textarea data-testid="bf-names" rows={2} value={draft.names} placeholder="#c=created" onChange={(e) => onChange({ names: e.target.value })} />
      </label>
      <label className="grow"><span>Values, one <span className="mono">:value=text or JSON</span> a line</span>
        <textarea data-testid="bf-values" rows={2} value={draft.values} placeholder=":cut=2024-01-01" onChange={(e) => onChange({ values: e.target.value })} />
      </label>
    </div>
  );
  const chosen = OPERATIONS.find((o) => o.kind === draft.kind)!;
  const builder = (key: 'expression' | 'condition' | 'filter') => (
    <ConditionBuilderForm sample={sample} testId={`bf-builder-${key}`} current={{ expression: draft[key], names: draft.names, values: draft.values }}
      onBuilt={(built) => onChange({ [key]: built.expression, names: built.names, values: built.values })} />
  );
  return (
    <>
      <div className="segmented wrap" role="radiogroup" aria-label="Operation">
        {OPERATIONS.map((o) => (
          <button key={o.kind} role="radio" aria-checked={draft.kind === o.kind} className={draft.kind === o.kind ? 'on' : ''} data-testid={`bf-op-${o.kind}`} onClick={() => onChange({ kind: o.kind })}>{o.label}</button>
        ))}
      </div>
      <p className="muted small" data-testid="bf-op-what">{chosen.what}</p>
      {draft.kind === 'add-ttl' && (
        <>
          <div className="row">{field('attribute', 'TTL attribute', 'ttl')}{field('fromAttribute', 'Date attribute', 'created')}{field('addDays', 'Days after the date', '90')}</div>
          <AttributePicks sample={sample} field="fromAttribute" prefer={looksLikeDate} onPick={(name) => onChange({ fromAttribute: name })} />
        </>
      )}
      {draft.kind === 'derive' && (
        <>
          <div className="row">{field('attribute', 'Attribute', 'gsi1pk')}{field('template', 'Template', '{state}#{city}', true)}</div>
          <AttributePicks sample={sample} field="template" onPick={(name) => onChange({ template: `${draft.template}{${name}}` })} />
        </>
      )}
      {draft.kind === 'delete-where' && <><div className="row">{field('expression', 'Delete items where', '#c < :cut', true)}</div>{builder('expression')}{placeholders}</>}
      {draft.kind === 'update' && (
        <>
          <div className="row">{field('expression', 'Update expression', 'SET #s = :new', true)}{field('condition', 'Condition', '#s = :old', true)}</div>
          {builder('condition')}
          {placeholders}
          <label className="checkbox">
            <input type="checkbox" data-testid="bf-accept-reapply-risk" checked={draft.acceptReapplyRisk} onChange={(e) => onChange({ acceptReapplyRisk: e.target.checked })} />
            Accept that a resume may apply it twice (only for an update the condition does not guard; the report records it)
          </label>
        </>
      )}
      {draft.kind === 'copy' && (
        <div className="row">
          <label className="grow">Target table
            <select data-testid="bf-targetTable" value={draft.targetTable} onChange={(e) => onChange({ targetTable: e.target.value })}>
              <option value="">Choose a table…</option>
              {tables.filter((t) => t.name !== draft.table).map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
            </select>
          </label>
        </div>
      )}
      {(draft.kind === 'count' || draft.kind === 'find') && (
        <>
          <div className="row">{field('filter', 'Filter (optional)', 'attribute_not_exists(#t)', true)}{draft.kind === 'find' && field('outputPath', 'Output file (on the machine running Capstan)', '/tmp/found.jsonl', true)}</div>
          {builder('filter')}
          {placeholders}
        </>
      )}
    </>
  );
}
