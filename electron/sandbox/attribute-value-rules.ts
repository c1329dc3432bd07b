import { validationError, type ErrorAnswer } from './throttle-errors';

/**
 * DynamoDB's document depth limit: an attribute may nest maps and lists 32 levels deep
 * counting the scalar (31 wrappers); AWS refuses 32 wrappers.
 */
export const MAX_NESTING_LEVELS = 32;

/** The service's wording for a value nested too deep (captured against AWS by other emulators' suites). */
export const NESTING_MESSAGE = 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';

/** DynamoDB's parser refuses a BOOL that is not a JSON boolean with this SerializationException. */
export const BOOL_TOKEN_MESSAGE = 'Unexpected token received from parser';

type Data = Record<string, unknown>;

function serializationError(message: string): ErrorAnswer {
  return { status: 400, body: { __type: 'com.amazon.coral.service#SerializationException', Message: message } };
}

/**
 * Walks one attribute value: a BOOL must hold a JSON boolean (dynalite coerces "yes",
 * "true" and "1", DynamoDB does not), and maps and lists may not nest beyond the limit.
 * Returns the value's level count, or an answer when it breaks a rule.
 */
function levelsOf(value: unknown, checkDepth: boolean, level: number): number | ErrorAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return level;
  const v = value as Data;
  if (typeof v.BOOL === 'string') return serializationError(BOOL_TOKEN_MESSAGE);
  let children: unknown[] | undefined;
  if (typeof v.M === 'object' && v.M !== null && !Array.isArray(v.M)) children = Object.values(v.M);
  else if (Array.isArray(v.L)) children = v.L;
  if (!children || children.length === 0) return level;
  if (checkDepth && level > MAX_NESTING_LEVELS - 1) return validationError(NESTING_MESSAGE);
  let deepest = level;
  for (const child of children) {
    const got = levelsOf(child, checkDepth, level + 1);
    if (typeof got !== 'number') return got;
    if (got > deepest) deepest = got;
  }
  return deepest;
}

function checkValues(values: unknown, checkDepth: boolean): ErrorAnswer | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  for (const value of Object.values(values)) {
    const got = levelsOf(value, checkDepth, 1);
    if (typeof got !== 'number') return got;
  }
  return undefined;
}

function checkList(list: unknown, checkDepth: boolean): ErrorAnswer | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const value of list) {
    const got = levelsOf(value, checkDepth, 1);
    if (typeof got !== 'number') return got;
  }
  return undefined;
}

function checkConditions(conditions: unknown): ErrorAnswer | undefined {
  if (typeof conditions !== 'object' || conditions === null) return undefined;
  for (const c of Object.values(conditions) as Data[]) {
    if (typeof c !== 'object' || c === null) continue;
    const bad = checkList(c.AttributeValueList, false) ?? (c.Value !== undefined ? checkList([c.Value], false) : undefined);
    if (bad) return bad;
  }
  return undefined;
}

/**
 * Item rules dynalite does not enforce, checked on the raw request before dynalite's
 * own validation (which would coerce a BOOL string): strict BOOL everywhere an attribute
 * value appears, and the nesting limit on values that can be stored (items, update
 * values). Only the known attribute-value positions are walked, so an attribute that
 * happens to be named "BOOL" is never mistaken for a value.
 */
export function attributeValueRefusal(operation: string, data: unknown): ErrorAnswer | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Data;
  switch (operation) {
    case 'PutItem':
      return checkValues(d.Item, true) ?? checkValues(d.ExpressionAttributeValues, true) ?? checkConditions(d.Expected);
    case 'UpdateItem': {
      const updates = typeof d.AttributeUpdates === 'object' && d.AttributeUpdates !== null ? (Object.values(d.AttributeUpdates) as Data[]) : [];
      for (const u of updates) {
        const bad = typeof u === 'object' && u !== null && u.Value !== undefined ? checkList([u.Value], true) : undefined;
        if (bad) return bad;
      }
      return checkValues(d.Key, false) ?? checkValues(d.ExpressionAttributeValues, true) ?? checkConditions(d.Expected);
    }
    case 'DeleteItem':
    case 'GetItem':
      return checkValues(d.Key, false) ?? checkValues(d.ExpressionAttributeValues, false) ?? checkConditions(d.Expected);
    case 'Query':
    case 'Scan':
      return (
        checkValues(d.ExclusiveStartKey, false) ??
        checkValues(d.ExpressionAttributeValues, false) ??
        checkConditions(d.KeyConditions) ??
        checkConditions(d.QueryFilter) ??
        checkConditions(d.ScanFilter)
      );
    case 'BatchWriteItem': {
      const tables = typeof d.RequestItems === 'object' && d.RequestItems !== null ? (Object.values(d.RequestItems) as unknown[]) : [];
      for (const requests of tables) {
        if (!Array.isArray(requests)) continue;
        for (const r of requests as Data[]) {
          if (typeof r !== 'object' || r === null) continue;
          const bad = checkValues((r.PutRequest as Data | undefined)?.Item, true) ?? checkValues((r.DeleteRequest as Data | undefined)?.Key, false);
          if (bad) return bad;
        }
      }
      return undefined;
    }
    case 'BatchGetItem': {
      const tables = typeof d.RequestItems === 'object' && d.RequestItems !== null ? (Object.values(d.RequestItems) as Data[]) : [];
      for (const t of tables) {
        if (typeof t !== 'object' || t === null || !Array.isArray(t.Keys)) continue;
        for (const key of t.Keys) {
          const bad = checkValues(key, false);
          if (bad) return bad;
        }
      }
      return undefined;
    }
  }
  return undefined;
}
