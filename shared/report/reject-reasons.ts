import type { RejectLine } from '../job-report';
import type { RejectReasonCount } from '../job-status';

/**
 * Reject reasons, and the group alike rejects count under.
 *
 * A reason is written by the code that rejects the record, which knows which of its words
 * come from the job's own mapping or schema (a column, an attribute, a type: kept, so the
 * operator can tell which column is missing) and which come from the data (a cell's value,
 * a size, a field count; from a source reader also a file's name or a place in it: folded
 * to "…", so a million distinct bad values, or a thousand damaged files, still make one
 * group; the reject line names its file and line anyway). That code marks each data value with `dataValue`, which wraps it in Unicode's
 * first-strong and pop-directional isolates (U+2068, U+2069): invisible where a reason is
 * shown as it is, and what message formats such as Fluent put around interpolated values
 * anyway, so a right-to-left value cannot reorder the words around it. Marks survive the
 * reasons being nested in one another and sent between threads as plain strings.
 *
 * The rejects file (`RejectsFile.add`) is where a marked reason becomes a reject line:
 * its `reason` without marks and its `group`. Local jobs, fleet shards, the dashboard and
 * the report all count by `groupOf(line)`.
 */

const VALUE_START = '\u2068';
const VALUE_END = '\u2069';
const MARKS = /[\u2068\u2069]/g;
const MARKED_VALUE = /\u2068[^\u2068\u2069]*\u2069/g;

/** A group is cut to this many characters. */
const GROUP_CHARS = 160;

/** Reasons a live summary lists (the report's counts keep every reason). */
export const LISTED_REJECT_REASONS = 20;

/** Marks a value that comes from the record (not from the job's mapping), so it folds out of the reason's group. */
export function dataValue(value: string | number | boolean): string {
  return `${VALUE_START}${String(value).replace(MARKS, '')}${VALUE_END}`;
}

/**
 * A message written elsewhere (a JSON parser's, DynamoDB's, an exception's) with its
 * double-quoted parts, the token a parser names ("Unexpected token 'x'") and its numbers
 * marked as data values: such a message quotes the record's text and positions in it,
 * and nothing better is known about its words.
 */
export function foreignMessage(message: string): string {
  return message
    .replace(MARKS, '')
    .replace(/"[^"]*"|(?<=token )'[^']*'|(?<![\p{L}_])\d+(?:[.,]\d+)*(?![\p{L}\d_])/gu, (part) => dataValue(part));
}

/** A reason as the operator reads it: its words with the marks taken out. */
export function reasonText(marked: string): string {
  return marked.replace(MARKS, '');
}

/** The group of a marked reason: every data value folded to "…", the mapping's names kept. */
export function reasonGroup(marked: string): string {
  return marked.replace(MARKED_VALUE, '…').replace(MARKS, '').slice(0, GROUP_CHARS);
}

/**
 * The group a reject line counts under: the one its rejects file stored with it, or, for a
 * line written before lines carried their group (rejects files of resumed older jobs),
 * its reason with every quoted part and number folded, as such lines were counted then.
 */
export function groupOf(line: Pick<RejectLine, 'reason' | 'group'>): string {
  if (line.group !== undefined) return line.group;
  return line.reason.replace(/"[^"]*"/g, '"…"').replace(/\d+(?:[.,]\d+)*/g, 'N').slice(0, GROUP_CHARS);
}

/** A reject line as the rejects file stores it: the reason's words without marks, and its group. */
export function storedRejectLine(line: RejectLine): RejectLine {
  return { ...line, reason: reasonText(line.reason), group: reasonGroup(line.reason) };
}

/**
 * Counts by group as a list, most frequent first (ties by group), at most
 * `LISTED_REJECT_REASONS`, each with the first record known for it (null when none is).
 */
export function rankRejectReasons(counts: Iterable<[string, number]>, exampleOf: (reason: string) => RejectLine | null): RejectReasonCount[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, LISTED_REJECT_REASONS)
    .map(([reason, count]) => ({ reason, count, example: exampleOf(reason) }));
}

/**
 * The reasons of a stored report (`rejects.byReason` and its first rejects) as the
 * dashboard lists them: for a run whose last snapshot predates the live counts, or a
 * fleet run, whose workers count reasons only for the report.
 */
export function reasonsFromReport(rejects: { byReason: Record<string, number>; sample: readonly RejectLine[] }): RejectReasonCount[] {
  return rankRejectReasons(Object.entries(rejects.byReason), (reason) => rejects.sample.find((line) => groupOf(line) === reason) ?? null);
}
