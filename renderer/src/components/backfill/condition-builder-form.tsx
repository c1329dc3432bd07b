import { useState } from 'react';
import type { AttributeSample } from '../../../../shared/contract';
import { addClause, CONDITION_OPERATORS, type BuiltCondition, type ConditionClause } from './condition-builder';

/**
 * Attribute, comparison and value → a clause added to the raw expression beside it (with
 * its placeholders). The attribute list comes from a sample of the table; any name can
 * still be typed. `testId` prefixes the controls (one builder per expression field).
 */
export function ConditionBuilderForm({ sample, current, onBuilt, testId }: { sample: AttributeSample | null; current: BuiltCondition; onBuilt(next: BuiltCondition): void; testId: string }) {
  const [clause, setClause] = useState<ConditionClause>({ attribute: '', op: '=', value: '', type: 'S' });
  const [error, setError] = useState<string | null>(null);
  const needsValue = CONDITION_OPERATORS.find((o) => o.op === clause.op)!.needsValue;
  const pickAttribute = (name: string) => {
    const seen = sample?.attributes.find((a) => a.name === name);
    setClause((c) => ({ ...c, attribute: name, type: seen?.types.includes('N') && !seen.types.includes('S') ? 'N' : 'S' }));
  };
  const add = () => {
    const built = addClause(current, clause);
    if ('error' in built) return setError(built.error);
    setError(null);
    onBuilt(built);
    setClause((c) => ({ ...c, value: '' }));
  };
  const listId = `${testId}-attributes`;
  return (
    <div className="condition-builder" data-testid={testId}>
      <div className="row">
        <label>Attribute
          <input data-testid={`${testId}-attribute`} list={listId} value={clause.attribute} placeholder={sample?.attributes[0]?.name ?? 'attribute'} onChange={(e) => pickAttribute(e.target.value)} />
          <datalist id={listId}>{sample?.attributes.map((a) => <option key={a.name} value={a.name}>{`${a.types.join('/')}, e.g. ${a.example}`}</option>)}</datalist>
        </label>
        <label>Test
          <select data-testid={`${testId}-op`} value={clause.op} onChange={(e) => setClause((c) => ({ ...c, op: e.target.value as ConditionClause['op'] }))}>
            {CONDITION_OPERATORS.map((o) => <option key={o.op} value={o.op}>{o.label}</option>)}
          </select>
        </label>
        {needsValue && (
          <>
            <label>Value<input data-testid={`${testId}-value`} value={clause.value} onChange={(e) => setClause((c) => ({ ...c, value: e.target.value }))} /></label>
            <label>As
              <select data-testid={`${testId}-type`} value={clause.type} onChange={(e) => setClause((c) => ({ ...c, type: e.target.value as 'S' | 'N' }))}>
                <option value="S">text</option>
                <option value="N">number</option>
              </select>
            </label>
          </>
        )}
        <button type="button" data-testid={`${testId}-add`} onClick={add}>{current.expression.trim() ? 'Add with AND' : 'Use this condition'}</button>
      </div>
      {error && <p className="error-text small" data-testid={`${testId}-error`}>{error}</p>}
    </div>
  );
}
