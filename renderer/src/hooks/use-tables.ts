import { useCallback, useEffect, useState } from 'react';
import { command, errorWords } from '../api/command';
import { useAppStore } from '../store/app-store';

/**
 * The tables of the selected connection, loaded when the connection changes; `refresh`
 * reloads them (after creating one). Failures are words for the page, not a crash.
 */
export function useTables(): { loading: boolean; error: string | null; refresh(): Promise<void> } {
  const connectionId = useAppStore((s) => s.connectionId);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (id: string) => {
    try {
      const tables = await command('listTables', { connectionId: id });
      if (useAppStore.getState().connectionId === id) useAppStore.setState({ tables });
      setError(null);
    } catch (e) {
      setError(errorWords(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    command('listTables', { connectionId }).then(
      (tables) => { if (live) { useAppStore.setState({ tables }); setError(null); } },
      (e: unknown) => { if (live) setError(errorWords(e)); },
    );
    return () => { live = false; };
  }, [connectionId]);

  const refresh = useCallback(async () => {
    if (!connectionId) return;
    setLoading(true);
    await load(connectionId);
  }, [connectionId, load]);

  return { loading, error, refresh };
}
