import type { SourcePreview } from '../../../../shared/contract';
import type { AttributeType } from '../../../../shared/job-spec';
import { TYPE_CHOICES, type ColumnChoices } from './column-plan';

/**
 * The first rows of the source, one column each, with the inferred type, a type override
 * and a toggle to leave the column out. Key columns take the table's key type.
 */
export function PreviewGrid({ preview, choices, keyTypes, onChange }: { preview: SourcePreview; choices: ColumnChoices; keyTypes: Record<string, string>; onChange(next: ColumnChoices): void }) {
  const setType = (name: string, type: AttributeType | '') => onChange({ ...choices, types: { ...choices.types, [name]: type } });
  const toggleDrop = (name: string) =>
    onChange({ ...choices, dropped: choices.dropped.includes(name) ? choices.dropped.filter((d) => d !== name) : [...choices.dropped, name] });
  return (
    <div className="table-scroll">
      <table className="grid preview-grid">
        <thead>
          <tr>
            <th className="row-number">#</th>
            {preview.columns.map((c) => {
              const dropped = choices.dropped.includes(c.name);
              const keyType = keyTypes[c.name];
              return (
                <th key={c.name} className={dropped ? 'dropped' : ''}>
                  <div className="column-name">{c.name}</div>
                  <div className="column-controls">
                    {keyType ? (
                      <span className="type key-type" title="A key attribute: the table's type applies">{keyType} key</span>
                    ) : (
                      <select aria-label={`Type of ${c.name}`} data-testid={`column-type-${c.name}`} value={choices.types[c.name] ?? ''} disabled={dropped} title={dropped ? `${c.name} is dropped: untick "drop" to load it and choose its type` : `The type ${c.name} is written as`} onChange={(e) => setType(c.name, e.target.value as AttributeType | '')}>
                        <option value="">{c.inferredType === 'NULL' ? 'as is (empty)' : `${c.inferredType} (inferred)`}</option>
                        {TYPE_CHOICES.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
                      </select>
                    )}
                    <label className="drop-toggle" title="Leave this column out of the items">
                      <input type="checkbox" data-testid={`column-drop-${c.name}`} checked={dropped} onChange={() => toggleDrop(c.name)} /> drop
                    </label>
                  </div>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, i) => (
            <tr key={i}>
              <td className="row-number muted">{i + 1}</td>
              {preview.columns.map((c) => <td key={c.name} className={choices.dropped.includes(c.name) ? 'dropped' : ''}>{cellText(row[c.name])}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
