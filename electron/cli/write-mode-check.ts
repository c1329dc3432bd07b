import type { JobSpec } from '../../shared/job-spec';
import { writeModeRequiredMessage, writeModeSchema, type WriteMode } from '../../shared/write-mode';
import { tableHasItems } from '../engine/backfill/table-facts';
import { createDynamoClient } from '../engine/dynamo/client-target';
import type { Engine } from '../engine/engine';

/** `--write-mode` as given on the command line, checked; errors name the flag. */
export function parseWriteModeFlag(value: string | undefined): WriteMode | undefined {
  if (value === undefined) return undefined;
  const parsed = writeModeSchema.safeParse(value);
  if (!parsed.success) throw new Error(`--write-mode must be one of ${writeModeSchema.options.join(', ')} (got "${value}")`);
  return parsed.data;
}

/**
 * Refuses, before anything is written, a load into a table that already holds items when
 * neither the spec nor `--write-mode` says what happens to the items there: replacing
 * them silently loses attributes the file does not have. One Scan of one item decides
 * (DescribeTable's ItemCount is refreshed only every few hours on AWS).
 */
export async function requireWriteModeForFullTable(engine: Engine, spec: JobSpec): Promise<void> {
  if (spec.kind !== 'load' || spec.writeMode !== undefined) return;
  const client = createDynamoClient(engine.targetFor(spec.connection), { maxSockets: 1, requestTimeoutMs: 15_000 });
  try {
    if (await tableHasItems(client, spec.table)) throw new Error(writeModeRequiredMessage(spec.table, 'give --write-mode replace|insert-only|merge (or "writeMode" in the spec)'));
  } catch (error) {
    // A missing table is the job's own error to report, in its own words.
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return;
    throw error;
  } finally {
    client.destroy();
  }
}
