import { useEffect, useState } from 'react';
import type { SandboxState } from '../../../shared/sandbox/sandbox-views';
import { command, errorWords } from '../api/command';

/** How often the sandbox's partitions are read while a view shows them. */
const POLL_MS = 1000;

/**
 * The sandbox's state, polled about once a second while `enabled` (the heat map is on
 * screen). A poll starts only after the previous answer, so a slow engine is never
 * queued up; errors leave the last state and say why.
 */
export function useSandboxState(enabled: boolean): { state: SandboxState | null; error: string | null; setState(s: SandboxState): void } {
  const [state, setState] = useState<SandboxState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await command('getSandboxState', {});
        if (!live) return;
        setState(next);
        setError(null);
      } catch (e) {
        if (live) setError(errorWords(e));
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [enabled]);
  return { state, error, setState };
}
