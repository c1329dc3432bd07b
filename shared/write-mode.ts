import { z } from 'zod';

/**
 * How a load treats items whose key is already in the table. BatchWriteItem replaces a
 * whole item, so an attribute added since the last load (a TTL a backfill set) is lost;
 * the other two modes keep it, at the price of one request per item. One place for the
 * modes and their words, so the wizard, the review, the CLI and the report say the same.
 */

/** The write modes of a load. */
export const writeModeSchema = z.enum(['replace', 'insert-only', 'merge']);
/** A write mode of a load. */
export type WriteMode = z.infer<typeof writeModeSchema>;

/** Every write mode, in the order the operator is offered them. */
export const WRITE_MODES: readonly WriteMode[] = writeModeSchema.options;

/** A write mode in a few words, and what it does to an item that is already there. */
export const WRITE_MODE_WORDS: Record<WriteMode, { label: string; effect: string }> = {
  replace: {
    label: 'Replace',
    effect: 'an item with the same key is replaced whole: attributes the file does not have (a TTL set since, a counter) are lost. Fastest (BatchWriteItem, 25 items a request).',
  },
  'insert-only': {
    label: 'Insert only',
    effect: 'an item with the same key is left as it is and counted as skipped; only new keys are written (one conditional PutItem per item).',
  },
  merge: {
    label: 'Merge',
    effect: 'an item with the same key keeps its other attributes; only the attributes the file maps are set (one UpdateItem per item).',
  },
};

/** The write mode a spec runs with: replace when it names none (what loads always did). */
export function effectiveWriteMode(mode: WriteMode | undefined): WriteMode {
  return mode ?? 'replace';
}

/**
 * Why a load into a table that already holds items needs an explicit write mode, in
 * words for the CLI (which names its flag) and the UI.
 */
export function writeModeRequiredMessage(table: string, how: string): string {
  return (
    `Table ${table} already holds items, so say what happens to an item whose key is in the file: ${how}. ` +
    WRITE_MODES.map((m) => `${m}: ${WRITE_MODE_WORDS[m].effect}`).join(' ')
  );
}
