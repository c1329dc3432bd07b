import type { JobSpec } from '../../../shared/job-spec';
import type { ClientTarget } from '../dynamo/client-target';
import { validateSample } from './validate-sample';

/** Rows of the source the gate reads: the wizard's own sample size. */
export const SAMPLE_GATE_ROWS = 50;

/** The name a refused start carries across every boundary, so a face can offer to confirm. */
export const NO_VALID_SAMPLE_ERROR = 'NoValidSampleRow';

/**
 * Why a load should not start, in words, when the first rows of its source would all be
 * rejected (the wizard's own check, `validateSample`, run again at the engine's door so
 * the CLI, a saved spec and a re-run are held to it too); null when at least one row is
 * valid, the source is empty, or the check itself cannot run (a missing table or file is
 * the job's own error, reported in its words when it starts). `confirmHow` names the way
 * this face lets the operator start anyway (a flag, a checkbox).
 */
export async function noValidSampleRefusal(spec: JobSpec, target: ClientTarget, confirmHow: string): Promise<string | null> {
  if (spec.kind !== 'load') return null;
  let sample: Awaited<ReturnType<typeof validateSample>>;
  try {
    sample = await validateSample(spec, target, SAMPLE_GATE_ROWS);
  } catch {
    return null;
  }
  if (sample.mappingError) return `Not started: the key mapping cannot work (${sample.mappingError}), so every record would be rejected. Fix the mapping, or ${confirmHow}.`;
  if (sample.rows.length === 0 || sample.rows.some((r) => r.ok)) return null;
  const reasons = [...new Set(sample.rows.map((r) => r.reason ?? 'rejected'))];
  const shown = reasons.slice(0, 3).map((r) => `"${r}"`).join('; ');
  return `Not started: none of the first ${sample.rows.length.toLocaleString('en-US')} rows of ${spec.source.path} would be written (${shown}${reasons.length > 3 ? `; and ${reasons.length - 3} more reasons` : ''}), so the load would most likely reject every record. Fix the key templates or the source, or ${confirmHow}.`;
}

/** A refused start as an error whose name faces recognise (`NO_VALID_SAMPLE_ERROR`). */
export function noValidSampleError(message: string): Error {
  return Object.assign(new Error(message), { name: NO_VALID_SAMPLE_ERROR });
}
