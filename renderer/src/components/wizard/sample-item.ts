import { MAX_ITEM_BYTES, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES, itemSizeBytes, utf8ByteLength, type AttributeValueLike } from '../../../../shared/capacity/item-size';
import type { SourcePreview, TableSummary } from '../../../../shared/contract';
import type { AttributeType } from '../../../../shared/job-spec';
import { parseKeyTemplate, renderKeyTemplate } from '../../../../shared/key-template';
import { effectiveType, type ColumnChoices } from './column-plan';
import { numberProblem } from './number-text';

/** A preview row as the engine would treat it: an item with its size, or why it would be rejected. */
export type SampleResult =
  | { row: number; ok: true; item: Record<string, AttributeValueLike>; sizeBytes: number; key: string }
  | { row: number; ok: false; reason: string };

/**
 * Builds the item each preview row would become and checks it against the key schema
 * and DynamoDB's limits, the way the engine's mapper does: key templates render, key
 * types fit, keys are not empty or too long, chosen types convert, the item fits 400 KB.
 * An empty cell is left out of the item (the engine's default). Only the preview's rows
 * are checked; the engine checks every record.
 */
export function checkSampleRows(preview: SourcePreview, table: TableSummary, templates: Record<string, string>, choices: ColumnChoices): { results: SampleResult[]; mappingError: string | null } {
  const keys = [...table.keySchema].sort((a, b) => (a.role === b.role ? 0 : a.role === 'HASH' ? -1 : 1));
  const keyType = new Map(keys.map((k) => [k.name, k.type]));
  let compiled: { attribute: string; template: ReturnType<typeof parseKeyTemplate>; type: 'S' | 'N' | 'B' }[];
  try {
    compiled = keys.filter((k) => (templates[k.name] ?? '').trim()).map((k) => ({ attribute: k.name, template: parseKeyTemplate(templates[k.name]!.trim()), type: k.type }));
  } catch (e) {
    return { results: [], mappingError: (e as Error).message };
  }
  const binaryTemplate = compiled.find((t) => t.type === 'B');
  if (binaryTemplate) return { results: [], mappingError: `The key "${binaryTemplate.attribute}" is binary; a template makes text.` };
  const generated = new Set(compiled.map((t) => t.attribute));
  const ddbJson = preview.format === 'ddb-json';
  const results = preview.rows.map((row, index): SampleResult => {
    const item: Record<string, AttributeValueLike> = {};
    const plain: Record<string, unknown> = {};
    for (const column of preview.columns) {
      const raw = row[column.name];
      plain[column.name] = ddbJson ? plainOf(raw) : raw;
      if (choices.dropped.includes(column.name) || generated.has(column.name)) continue;
      if (ddbJson) {
        if (raw !== undefined) item[column.name] = raw as AttributeValueLike;
        continue;
      }
      if (raw === undefined || raw === '') continue;
      const kt = keyType.get(column.name);
      const type = effectiveType(column, choices, kt);
      const strict = kt !== undefined || !!choices.types[column.name];
      const converted = convert(raw, type);
      if ('error' in converted) {
        if (strict) return { row: index + 1, ok: false, reason: `column "${column.name}" should be ${type} but ${converted.error}` };
        item[column.name] = natural(raw);
      } else if (converted.value) {
        item[column.name] = converted.value;
      }
    }
    for (const t of compiled) {
      const rendered = renderKeyTemplate(t.template, plain);
      if (!rendered.ok) return { row: index + 1, ok: false, reason: `key "${t.attribute}": ${rendered.reason}` };
      if (t.type === 'N') {
        const problem = numberProblem(rendered.value);
        if (problem) return { row: index + 1, ok: false, reason: `key "${t.attribute}" should be a number but ${problem}` };
        item[t.attribute] = { N: rendered.value };
      } else {
        item[t.attribute] = { S: rendered.value };
      }
    }
    const keyParts: string[] = [];
    for (const k of keys) {
      const role = k.role === 'HASH' ? 'partition key' : 'sort key';
      const value = item[k.name];
      if (!value) return { row: index + 1, ok: false, reason: `the ${role} "${k.name}" is missing (no template, and no column of that name with a value)` };
      const text = k.type === 'S' ? value.S : k.type === 'N' ? value.N : typeof value.B === 'string' ? value.B : undefined;
      if (text === undefined) return { row: index + 1, ok: false, reason: `the ${role} "${k.name}" must be of type ${k.type}` };
      if (text === '') return { row: index + 1, ok: false, reason: `the ${role} "${k.name}" is empty; DynamoDB keys cannot be empty` };
      const bytes = utf8ByteLength(text);
      const limit = k.role === 'HASH' ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
      if (bytes > limit) return { row: index + 1, ok: false, reason: `the ${role} "${k.name}" is ${bytes.toLocaleString('en-US')} bytes; at most ${limit.toLocaleString('en-US')} allowed` };
      keyParts.push(`${k.name}=${text}`);
    }
    const sizeBytes = itemSizeBytes(item);
    if (sizeBytes > MAX_ITEM_BYTES) return { row: index + 1, ok: false, reason: `the item is ${sizeBytes.toLocaleString('en-US')} bytes; DynamoDB's limit is 400 KB` };
    return { row: index + 1, ok: true, item, sizeBytes, key: keyParts.join(', ') };
  });
  return { results, mappingError: null };
}

type Converted = { value: AttributeValueLike | null } | { error: string };

function convert(raw: unknown, type: AttributeType | undefined): Converted {
  if (type === undefined) return { value: natural(raw) };
  const text = typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  switch (type) {
    case 'S':
      return { value: { S: text } };
    case 'N': {
      const problem = typeof raw === 'object' || typeof raw === 'boolean' ? `${text.slice(0, 40)} is not a number` : numberProblem(text);
      return problem ? { error: problem } : { value: { N: text.trim() } };
    }
    case 'BOOL': {
      const lower = text.trim().toLowerCase();
      if (['true', 't', 'yes', 'y', '1'].includes(lower)) return { value: { BOOL: true } };
      if (['false', 'f', 'no', 'n', '0'].includes(lower)) return { value: { BOOL: false } };
      return { error: `"${text.slice(0, 40)}" is not true or false` };
    }
    case 'NULL':
      return { value: { NULL: true } };
    case 'B':
      return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text.trim()) ? { value: { B: text.trim() } } : { error: `"${text.slice(0, 40)}" is not base64` };
    case 'L':
    case 'M': {
      const parsed = typeof raw === 'string' ? safeJson(raw) : raw;
      const ok = type === 'L' ? Array.isArray(parsed) : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      return ok ? { value: natural(parsed) } : { error: `"${text.slice(0, 40)}" is not a JSON ${type === 'L' ? 'array' : 'object'}` };
    }
    case 'SS':
    case 'NS':
    case 'BS': {
      const parts = text.trim().startsWith('[') ? (safeJson(text) as unknown[] | undefined) ?? [] : text.split(';').map((p) => p.trim()).filter(Boolean);
      const values = [...new Set(parts.map(String))];
      if (type === 'NS') {
        const bad = values.map(numberProblem).find((p) => p !== null);
        if (bad) return { error: `set element ${bad}` };
        return { value: values.length ? { NS: values } : null };
      }
      return { value: values.length ? (type === 'SS' ? { SS: values } : { BS: values }) : null };
    }
  }
}

function natural(value: unknown): AttributeValueLike {
  if (value === null) return { NULL: true };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') return { N: String(value) };
  if (Array.isArray(value)) return { L: value.map(natural) };
  if (typeof value === 'object') return { M: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, natural(v)])) };
  return { S: String(value) };
}

function plainOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const av = value as AttributeValueLike;
  return av.S ?? av.N ?? av.BOOL ?? (typeof av.B === 'string' ? av.B : undefined) ?? value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
