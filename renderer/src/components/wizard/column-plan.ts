import type { SourcePreview } from '../../../../shared/contract';
import type { AttributeType } from '../../../../shared/job-spec';

/** The operator's choices per source column: a type override ('' keeps the inferred one) and drop. */
export interface ColumnChoices {
  types: Record<string, AttributeType | ''>;
  dropped: string[];
}

/** The type a column will be written as: the key's type, the override, else the guess. */
export function effectiveType(column: SourcePreview['columns'][number], choices: ColumnChoices, keyType: 'S' | 'N' | 'B' | undefined): AttributeType | undefined {
  if (keyType) return keyType;
  const chosen = choices.types[column.name];
  if (chosen) return chosen;
  return column.inferredType === 'NULL' ? undefined : column.inferredType;
}

/** Types the override menu offers, with words. */
export const TYPE_CHOICES: { value: AttributeType; label: string }[] = [
  { value: 'S', label: 'S string' },
  { value: 'N', label: 'N number' },
  { value: 'BOOL', label: 'BOOL' },
  { value: 'B', label: 'B binary (base64)' },
  { value: 'L', label: 'L list (JSON)' },
  { value: 'M', label: 'M map (JSON)' },
  { value: 'SS', label: 'SS string set' },
  { value: 'NS', label: 'NS number set' },
  { value: 'NULL', label: 'NULL' },
];
