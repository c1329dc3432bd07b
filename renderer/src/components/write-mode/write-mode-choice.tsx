import { WRITE_MODE_WORDS, WRITE_MODES, type WriteMode } from '../../../../shared/write-mode';

/**
 * What a load does to items already in its table, said before it starts. When the table
 * holds items the operator must pick a mode (nothing is chosen for them: replacing whole
 * items silently loses attributes set since, such as a TTL); when it is empty, a line
 * says so and the load writes in batches.
 */
export function WriteModeChoice({ tableName, holdsItems, value, onChange }: {
  tableName: string;
  holdsItems: boolean | null;
  value: WriteMode | undefined;
  onChange(mode: WriteMode): void;
}) {
  if (holdsItems === null) return <p className="muted small" data-testid="write-mode-checking">Checking whether {tableName} already holds items…</p>;
  if (!holdsItems && value === undefined) {
    return <p className="muted small" data-testid="write-mode-empty">{tableName} is empty: every record is a new item, written 25 to a request (BatchWriteItem).</p>;
  }
  return (
    <fieldset className="write-mode" data-testid="write-mode-choice">
      {holdsItems && (
        <p className="banner warn" data-testid="write-mode-warning">
          {tableName} already holds items. Choose what happens to an item whose key is also in the file.
        </p>
      )}
      {WRITE_MODES.map((mode) => (
        <label key={mode} className="write-mode-option">
          <input type="radio" name="write-mode" data-testid={`write-mode-${mode}`} checked={value === mode} onChange={() => onChange(mode)} />
          <span><strong>{WRITE_MODE_WORDS[mode].label}</strong>: {WRITE_MODE_WORDS[mode].effect}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Why a start must wait for a write mode, or null when it need not. */
export function writeModeBlocker(tableName: string, holdsItems: boolean | null, value: WriteMode | undefined): string | null {
  if (holdsItems === null) return `Checking whether ${tableName} already holds items…`;
  if (holdsItems && value === undefined) return `${tableName} already holds items: choose what happens to them (replace, insert only or merge).`;
  return null;
}
