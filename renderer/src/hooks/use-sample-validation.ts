import { useEffect, useState } from 'react';
import type { SampleValidation } from '../../../shared/contract';
import type { LoadJobSpecInput } from '../../../shared/job-spec';
import { command, errorWords } from '../api/command';

/** Quiet time after the last edit before the engine is asked (typing a template fires every key). */
const DEBOUNCE_MS = 250;

/**
 * The engine's check of a load spec's first rows (`validateSample`), asked again when the
 * spec changes and only the latest answer kept. `checking` is true while an answer for
 * the current spec is outstanding; the previous one stays on screen meanwhile.
 */
export function useSampleValidation(spec: LoadJobSpecInput | null, rows: number): { validation: SampleValidation | null; checking: boolean; error: string | null } {
  const key = spec ? JSON.stringify(spec) : '';
  const [answer, setAnswer] = useState<{ key: string; validation: SampleValidation | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      command('validateSample', { spec: JSON.parse(key) as LoadJobSpecInput, rows }).then(
        (validation) => live && setAnswer({ key, validation, error: null }),
        (e: unknown) => live && setAnswer({ key, validation: null, error: errorWords(e) }),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, rows]);
  if (!key) return { validation: null, checking: false, error: null };
  return { validation: answer?.validation ?? null, checking: answer?.key !== key, error: answer?.key === key ? answer.error : null };
}
