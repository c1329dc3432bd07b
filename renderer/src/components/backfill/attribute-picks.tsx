import type { AttributeSample } from '../../../../shared/contract';

/**
 * The attribute names seen in a sample of the table, as buttons that fill a field: the
 * operator picks `acquisition_date` instead of typing it (and mistyping it). `prefer`
 * puts matching attributes (date-like ones for a TTL's source) first.
 */
export function AttributePicks({ sample, field, onPick, prefer }: { sample: AttributeSample | null; field: string; onPick(name: string): void; prefer?: (a: AttributeSample['attributes'][number]) => boolean }) {
  if (!sample || sample.attributes.length === 0) return null;
  const ordered = prefer ? [...sample.attributes.filter(prefer), ...sample.attributes.filter((a) => !prefer(a))] : sample.attributes;
  return (
    <div className="picks" data-testid={`bf-picks-${field}`}>
      <span className="muted small">In a sample of {sample.scanned} items:</span>
      {ordered.map((a) => (
        <button key={a.name} type="button" className="chip" data-testid={`bf-pick-${field}-${a.name}`} title={`${a.types.join('/')} in ${a.count} of ${sample.scanned}, e.g. ${a.example}`} onClick={() => onPick(a.name)}>
          {a.name} <span className="muted">{a.types.join('/')}</span>
        </button>
      ))}
    </div>
  );
}

/** True for an attribute whose sampled values read as dates (what add-ttl computes from). */
export function looksLikeDate(a: AttributeSample['attributes'][number]): boolean {
  return a.values.length > 0 && a.values.every((v) => (v.type === 'S' ? /^\d{4}-\d{2}-\d{2}/.test(v.text) : Number(v.text) > 1e8));
}
