import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MAX_ITEM_BYTES, MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES, attributeValueBytes, numberValueBytes, utf8ByteLength } from '../capacity/item-size';
import type { AttributeType, Mapping } from '../job-spec';
import { parseKeyTemplate, renderKeyTemplate, type KeyTemplate } from '../key-template';
import { checkedAttributeValue } from './attribute-value-check';
import { bytesToBase64 } from './base64';
import { compileComputed, type CompiledComputed } from './computed-value';
import { checkDynamoNumber } from './dynamo-number';
import { isExactNumber } from './exact-number';
import { pinnedColumnTypes } from './pinned-column-types';
import { naturalValue, typedValue, type Conversion } from './to-attribute-value';
import { dataValue } from '../report/reject-reasons';

/**
 * The record mapper: how a source record becomes a DynamoDB item, in one place. The
 * wizard's preview (in the browser), the engine's sample check and the job all compile
 * the same mapping with it, with the column types pinned in the spec, so all three give
 * the same items and the same reasons. Pure (no Node built-ins): the engine only plugs in
 * a faster UTF-8 length.
 */

export { inferColumnTypes } from './infer-column-types';

/** One key attribute of the table, as DescribeTable gives it. */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
  role: 'HASH' | 'RANGE';
}

/** Options of `compileMapping`. */
export interface CompileMappingOptions {
  /**
   * Rows to guess column types from when the mapping pins none (a spec written by hand):
   * see `pinnedColumnTypes`. Ignored when `mapping.columnTypes` is set.
   */
  sample?: Record<string, unknown>[];
  /** The records are DynamoDB attribute values (ddb-json); may also be passed per `map` call. */
  fieldsAreAttributeValues?: boolean;
  /** Clock for `now` attributes, in epoch milliseconds (tests fix it). */
  nowMs?: () => number;
  /** UTF-8 length of a string (the engine passes Node's native one; the default is pure JS and gives the same counts). */
  utf8ByteLength?: (text: string) => number;
}

/** A record as an item ready to write, or why it cannot be one. */
export type MappedRecord =
  | {
      ok: true;
      item: Record<string, AttributeValue>;
      /** The key in words, canonical (two spellings of one key print the same), e.g. `pk="CUST#7", sk=3`. */
      key: string;
      sizeBytes: number;
    }
  | { ok: false; reason: string; key?: string };

/** A compiled mapping: all parsing of the configuration is done once. */
export interface RecordMapper {
  /** Maps one record's fields; never throws for bad data. */
  map(fields: Record<string, unknown>, attributeValues?: boolean): MappedRecord;
  /** The table's key attribute names, partition key first. */
  keyAttributes: string[];
}

interface ColumnPlan {
  to: string;
  type: AttributeType | undefined;
  separator: string;
  keyRole: 'HASH' | 'RANGE' | null;
}

interface CompiledTemplate {
  attribute: string;
  template: KeyTemplate;
  type: 'S' | 'N';
}

const TYPE_WORDS: Record<string, string> = {
  S: 'a string (S)', N: 'a number (N)', B: 'binary (B)', BOOL: 'a boolean (BOOL)', NULL: 'null (NULL)',
  L: 'a list (L)', M: 'a map (M)', SS: 'a string set (SS)', NS: 'a number set (NS)', BS: 'a binary set (BS)',
};
const MAX_CACHED_COLUMNS = 10_000;

function roleWord(role: 'HASH' | 'RANGE'): string {
  return role === 'HASH' ? 'partition key' : 'sort key';
}

function typeOf(value: AttributeValue): string {
  for (const name in value) if ((value as unknown as Record<string, unknown>)[name] !== undefined) return name;
  return '?';
}

/** Plain text of an attribute value, for templates and computed attributes over ddb-json. */
function plainOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const av = value as Record<string, unknown>;
  if (av.S !== undefined) return av.S;
  if (av.N !== undefined) return av.N;
  if (av.BOOL !== undefined) return av.BOOL;
  if (av.B !== undefined) return typeof av.B === 'string' ? av.B : bytesToBase64(av.B as Uint8Array);
  if (av.NULL !== undefined) return null;
  return value;
}

/**
 * `itemSizeBytes` with the common values measured by the given UTF-8 length: Node's
 * Buffer.byteLength gives the same counts as `utf8ByteLength` (a lone surrogate counts 3
 * bytes in both) at a fraction of the cost of a loop over code units.
 */
function itemBytes(item: Record<string, AttributeValue>, byteLength: (text: string) => number): number {
  let bytes = 0;
  for (const name in item) {
    const value = item[name]!;
    bytes += byteLength(name);
    if (value.S !== undefined) bytes += byteLength(value.S);
    else if (value.N !== undefined) bytes += numberValueBytes(value.N);
    else bytes += attributeValueBytes(value);
  }
  return bytes;
}

/**
 * The key text of an item already mapped (as `map` gives it for a record, e.g.
 * `pk="CUST#7", sk=3`): for a record the table refused after the job let go of it.
 */
export function keyTextOf(item: Record<string, AttributeValue>, keyAttributes: string[]): string {
  return keyAttributes.map((name) => `${name}=${printableKeyValue(item[name])}`).join(', ');
}

/** A key value as key texts show it: a string quoted, a number as written, binary as `b64:` and canonical base64. */
function printableKeyValue(value: AttributeValue | undefined): string {
  if (value === undefined) return '?';
  if (value.S !== undefined) return JSON.stringify(value.S);
  if (value.N !== undefined) return value.N;
  if (value.B !== undefined) {
    const raw: unknown = value.B;
    return `b64:${typeof raw === 'string' ? raw : bytesToBase64(value.B)}`;
  }
  return JSON.stringify(value);
}

/**
 * Compiles a mapping against the table's key schema. Throws (in words) for a mapping
 * that cannot work, e.g. two columns mapped to one attribute or a key column given
 * another type than the table's; those are configuration errors to fix before a run.
 */
export function compileMapping(mapping: Mapping, keySchema: KeyAttribute[], options: CompileMappingOptions = {}): RecordMapper {
  const keys = [...keySchema].sort((a, b) => (a.role === b.role ? 0 : a.role === 'HASH' ? -1 : 1));
  const keyByName = new Map(keys.map((k) => [k.name, k]));
  const dropped = new Set(mapping.drop);
  const explicit = new Map(mapping.columns.map((c) => [c.from, c]));
  const emptyValues = mapping.emptyValues ?? 'omit';
  const now = options.nowMs ?? Date.now;
  const defaultAttributeValues = options.fieldsAreAttributeValues ?? false;

  const targets = new Map<string, string>();
  for (const column of mapping.columns) {
    const previous = targets.get(column.to);
    if (previous !== undefined) throw new Error(`Columns "${previous}" and "${column.from}" are both mapped to attribute "${column.to}"`);
    targets.set(column.to, column.from);
    const key = keyByName.get(column.to);
    if (key && column.type && column.type !== key.type) {
      throw new Error(`Column "${column.from}" is mapped to the ${roleWord(key.role)} "${key.name}" as ${TYPE_WORDS[column.type]}, but the table's key is ${TYPE_WORDS[key.type]}`);
    }
  }

  const pinned: Record<string, AttributeType> = pinnedColumnTypes(mapping, options.sample ?? []);
  const byteLength = options.utf8ByteLength ?? utf8ByteLength;

  const templates: CompiledTemplate[] = mapping.templates.map((t) => {
    const key = keyByName.get(t.attribute);
    if (key && key.type === 'B') throw new Error(`The ${roleWord(key.role)} "${key.name}" is binary; a template makes text`);
    return { attribute: t.attribute, template: parseKeyTemplate(t.template), type: key ? (key.type as 'S' | 'N') : t.type };
  });
  const constants: [string, AttributeValue][] = Object.entries(mapping.constants).map(([name, value]) => {
    const converted = naturalValue(value);
    if (!('value' in converted)) throw new Error(`Constant "${name}": ${'error' in converted ? converted.error : 'no value'}`);
    return [name, converted.value];
  });
  const computed: CompiledComputed[] = (mapping.computed ?? []).map(compileComputed);
  const generated = new Set([...templates.map((t) => t.attribute), ...constants.map(([n]) => n), ...computed.map((c) => c.attribute)]);

  const plans = new Map<string, ColumnPlan | null>();
  const planFor = (column: string): ColumnPlan | null => {
    const cached = plans.get(column);
    if (cached !== undefined) return cached;
    let plan: ColumnPlan | null = null;
    if (!dropped.has(column)) {
      const chosen = explicit.get(column);
      const to = chosen?.to ?? column;
      const key = keyByName.get(to);
      // An attribute a template, constant or computed value fills is not also copied.
      if (!generated.has(to)) {
        plan = {
          to,
          type: key ? key.type : chosen?.type ?? pinned[column],
          separator: chosen?.separator ?? ';',
          keyRole: key ? key.role : null,
        };
      }
    }
    if (plans.size < MAX_CACHED_COLUMNS) plans.set(column, plan);
    return plan;
  };

  function convertColumn(column: string, plan: ColumnPlan, value: unknown): Conversion {
    if (value === '') {
      if (plan.keyRole !== null) return { omit: true }; // reported as a missing key below
      if (emptyValues === 'omit') return { omit: true };
      if (emptyValues === 'null') return { value: { NULL: true } };
      return { value: { S: '' } };
    }
    if (plan.type === undefined) return naturalValue(value);
    // A key takes text or a number (an id written 5 for a string key is "5"), nothing else.
    if (plan.keyRole !== null && value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && !isExactNumber(value)) return { error: `${dataValue(JSON.stringify(value).slice(0, 60))} is not a single value` };
    if (plan.keyRole !== null && typeof value === 'boolean') return { error: `${dataValue(value)} is a boolean` };
    // A pinned type is a promise: a value that does not fit is rejected, never stored as another type.
    return typedValue(value, plan.type, plan.separator);
  }

  function map(fields: Record<string, unknown>, attributeValues = defaultAttributeValues): MappedRecord {
    const item: Record<string, AttributeValue> = {};
    for (const column in fields) {
      const plan = planFor(column);
      if (plan === null) continue;
      const value = fields[column];
      if (attributeValues) {
        const checked = checkedAttributeValue(value);
        if ('error' in checked) return { ok: false, reason: `attribute "${column}" ${checked.error}` };
        item[plan.to] = checked.value;
        continue;
      }
      // The common cells of text input, without the conversion's wrapper objects: a
      // non-empty string as S, or as N when it is a valid number (anything else takes the
      // general path below, which gives the same values and the reasons).
      if (typeof value === 'string' && value !== '') {
        if (plan.type === 'S' || (plan.type === undefined && plan.keyRole === null)) {
          item[plan.to] = { S: value };
          continue;
        }
        if (plan.type === 'N') {
          const n = checkDynamoNumber(value);
          if (n.ok) {
            item[plan.to] = { N: n.text };
            continue;
          }
        }
      }
      const converted = convertColumn(column, plan, value);
      if ('value' in converted) {
        item[plan.to] = converted.value;
      } else if ('error' in converted) {
        if (plan.keyRole) return { ok: false, reason: `column "${column}" is the ${roleWord(plan.keyRole)} "${plan.to}", ${TYPE_WORDS[plan.type!]}, but ${converted.error}` };
        return { ok: false, reason: `column "${column}" should be ${TYPE_WORDS[plan.type!]} but ${converted.error}` };
      }
    }

    const plainFields = attributeValues ? new Proxy(fields, { get: (target, name) => plainOf(target[name as string]) }) : fields;
    for (const t of templates) {
      const rendered = renderKeyTemplate(t.template, plainFields);
      if (!rendered.ok) return { ok: false, reason: `attribute "${t.attribute}": ${rendered.reason}` };
      if (t.type === 'N') {
        const n = checkDynamoNumber(rendered.value);
        if (!n.ok) return { ok: false, reason: `attribute "${t.attribute}" (${t.template.source}) should be a number but ${n.reason}` };
        item[t.attribute] = { N: n.text };
      } else {
        item[t.attribute] = { S: rendered.value };
      }
    }
    for (const [name, value] of constants) item[name] = value;
    if (computed.length > 0) {
      const nowMs = now();
      const read = (column: string): unknown => plainFields[column];
      for (const c of computed) {
        const converted = c.compute(read, nowMs);
        if ('error' in converted) return { ok: false, reason: `attribute "${c.attribute}": ${converted.error}` };
        if ('value' in converted) item[c.attribute] = converted.value;
      }
    }

    let key = '';
    for (const k of keys) {
      const value = item[k.name];
      const role = roleWord(k.role);
      if (value === undefined) return { ok: false, reason: `the ${role} "${k.name}" is missing (its column is absent or empty)` };
      const type = typeOf(value);
      if (type !== k.type) return { ok: false, reason: `the ${role} "${k.name}" must be ${TYPE_WORDS[k.type]} but is ${TYPE_WORDS[type] ?? type}` };
      const limit = k.role === 'HASH' ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
      let bytes: number;
      if (k.type === 'S') {
        const text = value.S!;
        if (text === '') return { ok: false, reason: `the ${role} "${k.name}" is an empty string; DynamoDB keys cannot be empty` };
        bytes = utf8ByteLength(text);
      } else if (k.type === 'N') {
        const n = checkDynamoNumber(value.N!);
        if (!n.ok) return { ok: false, reason: `the ${role} "${k.name}": ${n.reason}` };
        if (n.text !== value.N) item[k.name] = { N: n.text };
        bytes = n.text.length;
      } else {
        const data = value.B!;
        if (data.byteLength === 0) return { ok: false, reason: `the ${role} "${k.name}" is empty binary; DynamoDB keys cannot be empty` };
        bytes = data.byteLength;
      }
      key += `${key ? ', ' : ''}${k.name}=${printableKeyValue(item[k.name])}`;
      if (bytes > limit) return { ok: false, key: key.length > 200 ? `${key.slice(0, 197)}...` : key, reason: `the ${role} "${k.name}" is ${dataValue(bytes.toLocaleString('en-US'))} bytes; DynamoDB allows at most ${limit.toLocaleString('en-US')}` };
    }

    const sizeBytes = itemBytes(item, byteLength);
    if (sizeBytes > MAX_ITEM_BYTES) {
      return { ok: false, key, reason: `the item is ${dataValue(sizeBytes.toLocaleString('en-US'))} bytes; DynamoDB's limit is ${MAX_ITEM_BYTES.toLocaleString('en-US')} bytes (400 KB)` };
    }
    return { ok: true, item, key, sizeBytes };
  }

  return { map, keyAttributes: keys.map((k) => k.name) };
}
