import type { SourcePreview, TableSummary } from '../../../../shared/contract';
import { parseKeyTemplate, renderKeyTemplate } from '../../../../shared/key-template';

/** One template per key attribute of the table, with what it makes of the first preview row. */
export function KeyTemplates({ table, preview, templates, onChange }: { table: TableSummary; preview: SourcePreview | null; templates: Record<string, string>; onChange(next: Record<string, string>): void }) {
  return (
    <>
      {table.keySchema.map((k) => (
        <div key={k.name} className="key-row">
          <span className="key-name">{k.name} <span className="muted small">({k.role === 'HASH' ? 'partition' : 'sort'}, {k.type})</span> =</span>
          <input className="grow mono" data-testid={`key-template-${k.name}`} value={templates[k.name] ?? ''} placeholder="CUST#{customer_id}"
            onChange={(e) => onChange({ ...templates, [k.name]: e.target.value })} />
          <span className="muted small key-example" data-testid={`key-example-${k.name}`}>{example(templates[k.name], preview)}</span>
        </div>
      ))}
      <p className="muted small">Use {'{column}'} for a value of the record, e.g. CUST#{'{customer_id}'}; {'{{'} and {'}}'} are literal braces. Other columns become attributes with their types.</p>
    </>
  );
}

function example(template: string | undefined, preview: SourcePreview | null): string {
  if (!template?.trim() || !preview?.rows[0]) return '';
  try {
    const rendered = renderKeyTemplate(parseKeyTemplate(template.trim()), preview.rows[0]);
    return rendered.ok ? `→ ${rendered.value}` : `✗ ${rendered.reason}`;
  } catch (e) {
    return `✗ ${(e as Error).message}`;
  }
}
