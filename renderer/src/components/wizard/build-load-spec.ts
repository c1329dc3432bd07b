import type { SourcePreview, TableSummary } from '../../../../shared/contract';
import type { AttributeType, ConnectionRef, LoadJobSpecInput } from '../../../../shared/job-spec';
import { effectiveType, type ColumnChoices } from './column-plan';
import { saveBlob } from '../../format/save-blob';

/** Everything the wizard collected, before it becomes a job spec. */
export interface WizardChoices {
  name: string;
  connection: ConnectionRef;
  table: TableSummary;
  path: string;
  format: SourcePreview['format'];
  spread: boolean;
  templates: Record<string, string>;
  /** The preview's columns with their inferred types (pinned into the spec). */
  previewColumns: SourcePreview['columns'];
  columns: ColumnChoices;
  rateWcuPerSecond: number;
  maxWcuPerSecond: number | null;
  maxCostUsd: number | null;
  maxRejects: number | null;
}

/**
 * The load job spec for the wizard's choices: key templates, the column types the preview
 * showed (inferred or chosen) pinned into `mapping.columnTypes` so the job uses exactly
 * them (a value that does not fit rejects the record), dropped columns, rate and limits.
 * It is what Start sends and what "Save spec" downloads.
 */
export function buildLoadSpec(c: WizardChoices): LoadJobSpecInput {
  const keyNames = new Set(c.table.keySchema.map((k) => k.name));
  const limits: NonNullable<LoadJobSpecInput['limits']> = {};
  if (c.maxWcuPerSecond) limits.maxWcuPerSecond = c.maxWcuPerSecond;
  if (c.maxCostUsd) limits.maxCostUsd = c.maxCostUsd;
  if (c.maxRejects !== null) limits.maxRejects = c.maxRejects;
  return {
    kind: 'load',
    ...(c.name.trim() ? { name: c.name.trim() } : {}),
    connection: c.connection,
    table: c.table.name,
    source: { path: c.path, format: c.format, spread: c.spread },
    mapping: {
      templates: c.table.keySchema
        .filter((k) => (c.templates[k.name] ?? '').trim())
        .map((k) => ({ attribute: k.name, template: c.templates[k.name]!.trim(), type: k.type === 'N' ? 'N' : 'S' })),
      drop: [...c.columns.dropped],
      columnTypes: pinnedTypes(c, keyNames),
    },
    rate: { mode: 'fixed', wcuPerSecond: c.rateWcuPerSecond },
    limits,
  };
}

/** Every kept, non-key column's type as the preview shows it; a column empty in every previewed row stays unpinned. */
function pinnedTypes(c: WizardChoices, keyNames: Set<string>): Record<string, AttributeType> {
  const types: Record<string, AttributeType> = {};
  for (const column of c.previewColumns) {
    if (keyNames.has(column.name) || c.columns.dropped.includes(column.name)) continue;
    const type = effectiveType(column, c.columns, undefined);
    if (type) types[column.name] = type;
  }
  return types;
}

/** Offers a JSON document as a file download (no Node, no dialog: the browser's own). */
export function downloadJson(fileName: string, value: unknown): void {
  saveBlob(fileName, new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }));
}
