/**
 * Whether a backfill's UpdateExpression may be applied twice. A backfill resumed after a
 * crash sends again the writes of the pages that were in flight at its last checkpoint;
 * for most updates that is harmless (`SET #s = :closed` twice is `SET #s = :closed`
 * once), but `ADD n :one`, `SET n = n + :x` or `SET l = list_append(l, :x)` would change
 * those items twice. Such an update must carry a condition that the update itself makes
 * false (the guard), or the operator must accept the risk in the spec, which the report
 * then records with its bound.
 *
 * The check reads the expression's structure, not its meaning: an update is taken as
 * non-idempotent when it ADDs a number (or a value of unknown type), or when a SET value
 * reads an attribute the update writes (except `SET a = if_not_exists(a, :v)`). A
 * condition counts as a guard when it tests an attribute the update writes other than
 * by `attribute_exists` (e.g. `attribute_not_exists(#done)` with `SET #done = :true`, or
 * `#s = :old` with `SET #s = :new`); that it really turns false is the operator's promise.
 */

const CLAUSE = /(?<![#:\w.])\b(SET|REMOVE|ADD|DELETE)\b/gi;
const WORD_KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const TOKEN = /#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\[\s*\d+\s*\]|\S/g;

/** What the check found. */
export interface UpdateIdempotence {
  /** Each action that changes an item again when applied twice, in words. */
  nonIdempotent: string[];
  /** Attributes the update writes that the condition tests (the guard), resolved through #names. */
  guardedBy: string[];
}

/** The attribute a path starts at, with `#name` placeholders resolved. */
function resolve(token: string, names: Record<string, string>): string {
  return token.startsWith('#') ? names[token] ?? token : token;
}

/** Splits at commas outside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The attributes an expression reads: first elements of paths (not functions, keywords or :values). */
function attributesRead(expression: string, names: Record<string, string>): string[] {
  const tokens = expression.match(TOKEN) ?? [];
  const read: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^[#A-Za-z_]/.test(t)) continue;
    if (tokens[i - 1] === '.') continue; // a nested element of a path already counted
    if (tokens[i + 1] === '(') continue; // a function name
    if (!t.startsWith('#') && WORD_KEYWORDS.has(t.toUpperCase())) continue;
    read.push(resolve(t, names));
  }
  return read;
}

/** The clauses of an UpdateExpression, keyword to text. */
function clauses(update: string): { keyword: string; text: string }[] {
  const found: { keyword: string; index: number; end: number }[] = [];
  for (const match of update.matchAll(CLAUSE)) found.push({ keyword: match[1]!.toUpperCase(), index: match.index, end: match.index + match[0].length });
  return found.map((c, i) => ({ keyword: c.keyword, text: update.slice(c.end, found[i + 1]?.index ?? update.length).trim() }));
}

/** The kind of an ADD operand: a number, a set, or not known. */
function addOperandKind(operand: string, values: Record<string, unknown>): 'number' | 'set' | 'unknown' {
  const value = values[operand.trim()];
  if (typeof value === 'number') return 'number';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tag = Object.keys(value)[0];
    if (tag === 'N') return 'number';
    if (tag === 'SS' || tag === 'NS' || tag === 'BS') return 'set';
  }
  return 'unknown';
}

/** Checks one update with its condition and placeholders. */
export function updateIdempotence(update: string, condition: string, names: Record<string, string>, values: Record<string, unknown>): UpdateIdempotence {
  const parsed = clauses(update);
  const written = new Set<string>();
  const sets: { target: string; value: string; action: string }[] = [];
  const adds: { path: string; operand: string; action: string }[] = [];
  for (const { keyword, text } of parsed) {
    for (const action of splitTopLevel(text, ',')) {
      if (keyword === 'SET') {
        const eq = action.indexOf('=');
        if (eq < 0) continue;
        const target = attributesRead(action.slice(0, eq), names)[0];
        if (target === undefined) continue;
        written.add(target);
        sets.push({ target, value: action.slice(eq + 1).trim(), action: `SET ${action}` });
      } else {
        const [pathText, ...rest] = action.split(/\s+/);
        const path = attributesRead(pathText ?? '', names)[0];
        if (path === undefined) continue;
        written.add(path);
        if (keyword === 'ADD') adds.push({ path, operand: rest.join(' '), action: `ADD ${action}` });
      }
    }
  }
  const nonIdempotent: string[] = [];
  for (const add of adds) {
    const kind = addOperandKind(add.operand, values);
    if (kind === 'set') continue; // adding set elements twice leaves the same set
    nonIdempotent.push(`${add.action} (adds ${kind === 'number' ? 'to a number' : 'a value of unknown type'} each time it is applied)`);
  }
  for (const set of sets) {
    const ifNotExists = /^if_not_exists\s*\(([^,()]+),(.*)\)$/i.exec(set.value);
    if (ifNotExists && attributesRead(ifNotExists[1]!, names)[0] === set.target && !attributesRead(ifNotExists[2]!, names).some((a) => written.has(a))) continue;
    const reads = attributesRead(set.value, names).filter((a) => written.has(a));
    if (reads.length) nonIdempotent.push(`${set.action} (reads ${[...new Set(reads)].join(', ')}, which the update changes)`);
  }
  // attribute_exists(x) stays true once the update has run: it guards nothing.
  const tested = condition.replace(/attribute_exists\s*\([^)]*\)/gi, ' ');
  const guardedBy = [...new Set(attributesRead(tested, names).filter((a) => written.has(a)))];
  return { nonIdempotent, guardedBy };
}

/** The update part of a backfill operation that this check needs. */
export interface UpdateOperation {
  update: string;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  acceptReapplyRisk?: boolean;
}

/**
 * Why the job refuses this update (null: it may run): non-idempotent, no guard in the
 * condition, and the risk not accepted. The words say what to do.
 */
export function reapplyRefusal(op: UpdateOperation): string | null {
  const found = updateIdempotence(op.update, op.condition, op.names, op.values);
  if (found.nonIdempotent.length === 0 || found.guardedBy.length > 0 || op.acceptReapplyRisk) return null;
  return `the update is not idempotent: ${found.nonIdempotent.join('; ')}. After a crash, a resumed job sends again the writes that were in flight at its last checkpoint, so those items would be changed twice. Add to the condition a test that this update makes false (e.g. SET #done = :true with the condition attribute_not_exists(#done)), or accept the risk (acceptReapplyRisk in the spec, --accept-reapply-risk on the command line), which the report records`;
}

/** The report's note for an accepted risk (null when there is none to record). */
export function reapplyRiskNote(op: UpdateOperation): string | null {
  const found = updateIdempotence(op.update, op.condition, op.names, op.values);
  if (found.nonIdempotent.length === 0 || found.guardedBy.length > 0 || !op.acceptReapplyRisk) return null;
  return `ACCEPTED RISK: the update is not idempotent (${found.nonIdempotent.join('; ')}) and its condition does not guard it; the operator accepted that after a crash and resume it is applied again to the items whose writes were in flight at the last checkpoint (at most the items changed since that checkpoint; a resume reports how many it sent again).`;
}
