import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { parquetSchema, type FileMetaData, type ParquetParsers, type SchemaElement, type SchemaTree } from 'hyparquet';
import type { ParquetOptions } from '../../../../shared/parquet-options';
import { checkDynamoNumber } from '../../../../shared/mapping/dynamo-number';
import { naturalValue } from '../../../../shared/mapping/to-attribute-value';
import { dataValue } from '../../../../shared/report/reject-reasons';
import { bigIntFromTwosComplement, decimalText, epochText, isoDate, isoTimeOfDay, isoTimestamp, type TimeUnitName } from './parquet-exact-text';

/**
 * The Parquet type mapping: each top-level column of a file's schema becomes a compiled
 * converter from the decoded value to a DynamoDB attribute value, chosen once from the
 * schema (never guessed from values). INT32/INT64 and DECIMAL become N as exact decimal
 * text (through BigInt, never a double), FLOAT/DOUBLE N, BOOLEAN BOOL, strings S, binary
 * B, DATE/TIME/TIMESTAMP ISO S or epoch N by the operator's choice, LIST L, MAP/STRUCT M.
 *
 * hyparquet is asked for raw values where its own conversion would lose something: the
 * parsers below hand back timestamp ticks and day counts untouched, strings are decoded
 * strictly, and `metadataForExactDecode` hides DECIMAL annotations so the unscaled
 * integers arrive instead of doubles.
 */

/**
 * Why one cell cannot become an attribute value (the record is rejected with it). What the
 * cell holds (a value, a list index, a map key) is marked with `dataValue`; what the file's
 * schema says (a field name, a type, a unit) is kept, like a column's name.
 */
export class ParquetCellProblem {
  constructor(readonly reason: string) {}
}

/** A string cell whose bytes are not UTF-8 (decoded strictly so it is seen, not replaced). */
class InvalidText {
  constructor(readonly bytes: Uint8Array) {}
}

/** One cell's converter: an attribute value, undefined to leave the attribute out, or a problem. */
export type ParquetCellConverter = (value: unknown) => AttributeValue | undefined | ParquetCellProblem;

/** Attribute types a Parquet column maps to (what the preview shows as the column's type). */
export type ParquetAttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'L' | 'M' | 'NULL';

/** One top-level column: its converter and what the schema says about it. */
export interface ParquetColumnPlan {
  name: string;
  /** The attribute type its values become. */
  attributeType: ParquetAttributeType;
  /** The column's Parquet type in words, e.g. "DECIMAL(38,2)" or "LIST<TIMESTAMP(MICROS)>". */
  parquetType: string;
  /** Why the mapping cannot hold this column, or null. Such a column is not decoded. */
  unsupported: string | null;
  convert: ParquetCellConverter;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array | undefined): string | InvalidText | undefined {
  if (bytes === undefined || bytes === null) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return new InvalidText(bytes);
  }
}

/** hyparquet parsers that keep ticks and days as they are stored, and check UTF-8. */
export const RAW_VALUE_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (ticks) => ticks,
  timestampFromMicroseconds: (ticks) => ticks,
  timestampFromNanoseconds: (ticks) => ticks,
  dateFromDays: (days) => days,
  stringFromBytes: decodeText,
  jsonFromBytes: decodeText,
};

function isDecimal(element: SchemaElement): boolean {
  return element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL';
}

/**
 * The metadata with DECIMAL annotations hidden from hyparquet, which would otherwise turn
 * every decimal into a double; the converters (compiled from the original schema) scale
 * the raw integers exactly.
 */
export function metadataForExactDecode(metadata: FileMetaData): FileMetaData {
  if (!metadata.schema.some(isDecimal)) return metadata;
  return { ...metadata, schema: metadata.schema.map((e) => (isDecimal(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e)) };
}

type Leaf =
  | { kind: 'bool' | 'int' | 'float' | 'string' | 'binary' | 'date' | 'natural' }
  | { kind: 'decimal'; scale: number; precision: number }
  | { kind: 'timestamp' | 'time'; unit: TimeUnitName; utc: boolean }
  | { kind: 'unsupported'; what: string };

/** What a leaf column holds, from its logical type, else its converted type, else its physical type. */
function classifyLeaf(e: SchemaElement): Leaf {
  const logical = e.logical_type;
  if (isDecimal(e)) return { kind: 'decimal', scale: (logical?.type === 'DECIMAL' ? logical.scale : e.scale) ?? 0, precision: (logical?.type === 'DECIMAL' ? logical.precision : e.precision) ?? 0 };
  if (logical?.type === 'TIMESTAMP') return { kind: 'timestamp', unit: logical.unit, utc: logical.isAdjustedToUTC };
  if (logical?.type === 'TIME') return { kind: 'time', unit: logical.unit, utc: logical.isAdjustedToUTC };
  switch (e.converted_type) {
    case 'TIMESTAMP_MILLIS': return { kind: 'timestamp', unit: 'MILLIS', utc: true };
    case 'TIMESTAMP_MICROS': return { kind: 'timestamp', unit: 'MICROS', utc: true };
    case 'TIME_MILLIS': return { kind: 'time', unit: 'MILLIS', utc: true };
    case 'TIME_MICROS': return { kind: 'time', unit: 'MICROS', utc: true };
    case 'DATE': return { kind: 'date' };
    case 'UTF8': case 'ENUM': case 'JSON': return { kind: 'string' };
    case 'INTERVAL': case 'BSON': return { kind: 'unsupported', what: e.converted_type };
    default: break;
  }
  switch (logical?.type) {
    case 'DATE': return { kind: 'date' };
    case 'STRING': case 'ENUM': case 'JSON': case 'UUID': return { kind: 'string' };
    case 'FLOAT16': return { kind: 'float' };
    case 'INTERVAL': case 'BSON': return { kind: 'unsupported', what: logical.type };
    case 'GEOMETRY': case 'GEOGRAPHY': case 'VARIANT': return { kind: 'natural' };
    default: break;
  }
  switch (e.type) {
    case 'BOOLEAN': return { kind: 'bool' };
    case 'INT32': case 'INT64': return { kind: 'int' };
    case 'INT96': return { kind: 'timestamp', unit: 'NANOS', utc: true };
    case 'FLOAT': case 'DOUBLE': return { kind: 'float' };
    case 'BYTE_ARRAY': case 'FIXED_LEN_BYTE_ARRAY': return { kind: 'binary' };
    default: return { kind: 'unsupported', what: `physical type ${String(e.type)}` };
  }
}

function leafWords(e: SchemaElement, leaf: Leaf): string {
  switch (leaf.kind) {
    case 'decimal': return `DECIMAL(${leaf.precision},${leaf.scale})`;
    case 'timestamp': return e.type === 'INT96' ? 'INT96 timestamp' : `TIMESTAMP(${leaf.unit}${leaf.utc ? '' : ', local'})`;
    case 'time': return `TIME(${leaf.unit})`;
    case 'date': return 'DATE';
    case 'string': return e.logical_type?.type ?? e.converted_type ?? 'STRING';
    case 'unsupported': return leaf.what;
    default: return e.logical_type?.type ?? e.type ?? '?';
  }
}

/** Shortest text that reads back as the same 32-bit float (0.1f is "0.1", not "0.10000000149011612"). */
function float32Text(value: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}

function floatValue(value: number, single: boolean): AttributeValue | ParquetCellProblem {
  if (!Number.isFinite(value)) return new ParquetCellProblem(`${dataValue(value)} cannot be stored: DynamoDB numbers have no NaN or Infinity`);
  const text = single ? float32Text(value) : String(value);
  if (text.indexOf('e') < 0) return { N: text };
  const checked = checkDynamoNumber(text);
  return checked.ok ? { N: checked.text } : new ParquetCellProblem(checked.reason);
}

function leafConverter(e: SchemaElement, leaf: Leaf, options: ParquetOptions): ParquetCellConverter {
  const temporal = options.temporal;
  switch (leaf.kind) {
    case 'bool':
      return (v) => ({ BOOL: Boolean(v) });
    case 'int':
      return (v) => ({ N: typeof v === 'bigint' ? v.toString() : String(v) });
    case 'float':
      return (v) => floatValue(Number(v), e.type === 'FLOAT');
    case 'decimal': {
      const { scale } = leaf;
      return (v) => {
        const unscaled = v instanceof Uint8Array ? bigIntFromTwosComplement(v) : BigInt(v as number | bigint);
        const text = decimalText(unscaled, scale);
        // 38 characters hold at most 38 digits: always a valid DynamoDB number (the declared precision is not trusted).
        if (text.length <= 38) return { N: text };
        const checked = checkDynamoNumber(text);
        return checked.ok ? { N: text } : new ParquetCellProblem(checked.reason);
      };
    }
    case 'string':
      return (v) => {
        if (typeof v === 'string') return { S: v };
        const text = v instanceof Uint8Array ? decodeText(v) : v;
        if (typeof text === 'string') return { S: text };
        return new ParquetCellProblem('the text is not valid UTF-8');
      };
    case 'binary':
      return (v) => (v instanceof Uint8Array ? { B: Uint8Array.prototype.slice.call(v) } : { S: String(v) });
    case 'date':
      return (v) => {
        const days = Number(v);
        if (temporal !== 'iso') return { N: epochText(BigInt(days) * 86_400_000n, 'MILLIS', temporal) };
        const text = isoDate(days);
        return text === null ? new ParquetCellProblem(`day ${dataValue(days)} is outside the dates ISO text can show`) : { S: text };
      };
    case 'timestamp': {
      const { unit, utc } = leaf;
      return (v) => {
        const ticks = v as number | bigint;
        if (temporal !== 'iso') return { N: epochText(ticks, unit, temporal) };
        const text = isoTimestamp(ticks, unit, utc);
        return text === null ? new ParquetCellProblem(`timestamp ${dataValue(String(ticks))} (${unit}) is outside the dates ISO text can show`) : { S: text };
      };
    }
    case 'time': {
      const { unit } = leaf;
      return (v) => {
        const ticks = v as number | bigint;
        return temporal === 'iso' ? { S: isoTimeOfDay(ticks, unit) } : { N: epochText(ticks, unit, temporal) };
      };
    }
    case 'natural':
      return (v) => {
        const converted = naturalValue(v);
        if ('error' in converted) return new ParquetCellProblem(converted.error);
        return 'value' in converted ? converted.value : undefined;
      };
    case 'unsupported':
      return () => new ParquetCellProblem(`${leaf.what} values cannot be mapped`);
  }
}

function leafAttributeType(leaf: Leaf, options: ParquetOptions): ParquetAttributeType {
  switch (leaf.kind) {
    case 'bool': return 'BOOL';
    case 'int': case 'float': case 'decimal': return 'N';
    case 'string': return 'S';
    case 'binary': return 'B';
    case 'date': case 'timestamp': case 'time': return options.temporal === 'iso' ? 'S' : 'N';
    case 'natural': return 'M';
    case 'unsupported': return 'NULL';
  }
}

interface CompiledNode {
  convert: ParquetCellConverter;
  attributeType: ParquetAttributeType;
  words: string;
  unsupported: string | null;
}

function isAnnotated(node: SchemaTree, type: 'LIST' | 'MAP'): boolean {
  return node.element.converted_type === type || node.element.logical_type?.type === type;
}

/** The element node of a LIST, as hyparquet assembles it (three-level lists, and the legacy two-level form). */
function listElement(node: SchemaTree): SchemaTree | null {
  if (node.children.length !== 1) return null;
  const repeated = node.children[0]!;
  if (repeated.element.repetition_type !== 'REPEATED') return null;
  if (repeated.children.length === 1) return repeated.children[0]!;
  return repeated.children.length === 0 ? repeated : null;
}

/** The value node of a MAP whose repeated group holds a key and a value. */
function mapValue(node: SchemaTree): SchemaTree | null {
  if (node.children.length !== 1) return null;
  const entries = node.children[0]!;
  if (entries.element.repetition_type !== 'REPEATED' || entries.children.length !== 2) return null;
  return entries.children.find((c) => c.element.name === 'value') ?? null;
}

/** A nested null: NULL, or left out of its map when the operator drops nulls. */
function nestedNull(options: ParquetOptions): AttributeValue | undefined {
  return options.nulls === 'null' ? { NULL: true } : undefined;
}

function withPath(problem: ParquetCellProblem, step: string): ParquetCellProblem {
  return new ParquetCellProblem(`${step}: ${problem.reason}`);
}

function compileList(element: CompiledNode): ParquetCellConverter {
  const convertElement = element.convert;
  return (v) => {
    if (!Array.isArray(v)) return new ParquetCellProblem('a list value is not a list');
    const list: AttributeValue[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (item === null || item === undefined) { list[i] = { NULL: true }; continue; }
      const converted = convertElement(item);
      if (converted instanceof ParquetCellProblem) return withPath(converted, `[${dataValue(i)}]`);
      list[i] = converted ?? { NULL: true };
    }
    return { L: list };
  };
}

function compileMap(value: CompiledNode | null, fields: [string, CompiledNode][] | null, options: ParquetOptions): ParquetCellConverter {
  const absent = nestedNull(options);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return new ParquetCellProblem('a map value is not a map');
    const record = v as Record<string, unknown>;
    const map: Record<string, AttributeValue> = {};
    const names = fields ? fields.map(([name]) => name) : Object.keys(record);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const inner = record[name];
      let converted: AttributeValue | undefined | ParquetCellProblem;
      if (inner === null || inner === undefined) converted = absent;
      else converted = (fields ? fields[i]![1] : value!).convert(inner);
      // A struct's field names are the schema's; a map's keys are the data's.
      if (converted instanceof ParquetCellProblem) return withPath(converted, fields ? name : dataValue(name));
      if (converted !== undefined) map[name] = converted;
    }
    return { M: map };
  };
}

function compileNode(node: SchemaTree, options: ParquetOptions, inList = false): CompiledNode {
  const e = node.element;
  if (e.repetition_type === 'REPEATED' && !inList) {
    // A repeated field outside a LIST annotation still arrives as an array.
    const inner = compileNode({ ...node, element: { ...e, repetition_type: 'REQUIRED' } }, options, true);
    return { convert: compileList(inner), attributeType: 'L', words: `repeated ${inner.words}`, unsupported: inner.unsupported };
  }
  if (node.children.length === 0) {
    const leaf = classifyLeaf(e);
    const words = leafWords(e, leaf);
    return { convert: leafConverter(e, leaf, options), attributeType: leafAttributeType(leaf, options), words, unsupported: leaf.kind === 'unsupported' ? `its type ${words} has no DynamoDB counterpart` : null };
  }
  const listNode = isAnnotated(node, 'LIST') ? listElement(node) : null;
  if (listNode) {
    const element = compileNode(listNode, options, true);
    return { convert: compileList(element), attributeType: 'L', words: `LIST<${element.words}>`, unsupported: element.unsupported };
  }
  const valueNode = isAnnotated(node, 'MAP') ? mapValue(node) : null;
  if (valueNode) {
    const value = compileNode(valueNode, options, true);
    return { convert: compileMap(value, null, options), attributeType: 'M', words: `MAP<${value.words}>`, unsupported: value.unsupported };
  }
  const fields = node.children.map((child): [string, CompiledNode] => [child.element.name, compileNode(child, options)]);
  const unsupported = fields.find(([, f]) => f.unsupported);
  return {
    convert: compileMap(null, fields, options),
    attributeType: 'M',
    words: `STRUCT<${fields.map(([name, f]) => `${name}: ${f.words}`).join(', ')}>`,
    unsupported: unsupported ? `its field "${unsupported[0]}" ${unsupported[1].unsupported!}` : null,
  };
}

/** Compiles the converters of every top-level column of a file, from its footer's schema. */
export function planParquetColumns(metadata: FileMetaData, options: ParquetOptions): ParquetColumnPlan[] {
  const tree = parquetSchema(metadata);
  return tree.children.map((child) => {
    const compiled = compileNode(child, options);
    return { name: child.element.name, attributeType: compiled.attributeType, parquetType: compiled.words, unsupported: compiled.unsupported, convert: compiled.convert };
  });
}

/** An attribute value for a top-level cell: nulls left out or NULL by the options. */
export function topLevelNull(options: ParquetOptions): AttributeValue | undefined {
  return nestedNull(options);
}
