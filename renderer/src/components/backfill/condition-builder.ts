/** The comparisons the condition builder offers, as DynamoDB writes them. */
export const CONDITION_OPERATORS = [
  { op: '=', label: '=', needsValue: true },
  { op: '<>', label: '≠', needsValue: true },
  { op: '<', label: '<', needsValue: true },
  { op: '<=', label: '≤', needsValue: true },
  { op: '>', label: '>', needsValue: true },
  { op: '>=', label: '≥', needsValue: true },
  { op: 'begins_with', label: 'begins with', needsValue: true },
  { op: 'contains', label: 'contains', needsValue: true },
  { op: 'attribute_exists', label: 'exists', needsValue: false },
  { op: 'attribute_not_exists', label: 'does not exist', needsValue: false },
] as const;

/** One of {@link CONDITION_OPERATORS}. */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]['op'];

/** A clause as the operator builds it. */
export interface ConditionClause {
  attribute: string;
  op: ConditionOperator;
  /** The value as typed; `type` says whether it is a string or a number. */
  value: string;
  type: 'S' | 'N';
}

/** What adding a clause makes: the new expression and the placeholder lines to append. */
export interface BuiltCondition {
  expression: string;
  names: string;
  values: string;
}

/**
 * Adds a clause to an expression (joined with AND, the old one in parentheses when it
 * has an OR) with fresh `#n`/`:v` placeholders,
 * so the expression stays the raw text the operator can still edit. The value line is
 * JSON, so a string that looks like a number stays a string. An error in words when the
 * clause is incomplete.
 */
export function addClause(current: BuiltCondition, clause: ConditionClause): BuiltCondition | { error: string } {
  const attribute = clause.attribute.trim();
  if (!attribute) return { error: 'Choose the attribute the condition tests.' };
  const needsValue = CONDITION_OPERATORS.find((o) => o.op === clause.op)!.needsValue;
  if (needsValue && clause.value === '') return { error: 'Give the value to compare with.' };
  if (needsValue && clause.type === 'N' && !Number.isFinite(Number(clause.value))) return { error: `"${clause.value}" is not a number: choose “text” or give a number.` };
  const usedNames = new Set([...`${current.expression}\n${current.names}`.matchAll(/#[A-Za-z0-9_]+/g)].map((m) => m[0]));
  const usedValues = new Set([...`${current.expression}\n${current.values}`.matchAll(/:[A-Za-z0-9_]+/g)].map((m) => m[0]));
  const existingName = current.names.split('\n').map((l) => l.trim()).find((l) => l.slice(l.indexOf('=') + 1).trim() === attribute && l.startsWith('#'));
  const name = existingName ? existingName.slice(0, existingName.indexOf('=')).trim() : fresh('#a', usedNames);
  const value = needsValue ? fresh(':v', usedValues) : null;
  let text: string;
  if (!needsValue) text = `${clause.op}(${name})`;
  else if (clause.op === 'begins_with' || clause.op === 'contains') text = `${clause.op}(${name}, ${value})`;
  else text = `${name} ${clause.op} ${value}`;
  // AND binds tighter than OR: an expression with an OR is kept whole in parentheses.
  const before = current.expression.trim();
  const joined = !before ? text : /\bOR\b/i.test(before) ? `(${before}) AND ${text}` : `${before} AND ${text}`;
  return {
    expression: joined,
    names: existingName ? current.names : appendLine(current.names, `${name}=${attribute}`),
    values: value ? appendLine(current.values, `${value}=${clause.type === 'N' ? String(Number(clause.value)) : JSON.stringify(clause.value)}`) : current.values,
  };
}

function fresh(prefix: string, used: Set<string>): string {
  let i = 1;
  while (used.has(`${prefix}${i}`)) i++;
  return `${prefix}${i}`;
}

function appendLine(text: string, line: string): string {
  return text.trim() ? `${text.replace(/\s+$/, '')}\n${line}` : line;
}
