import { useEffect } from 'react';
import { command, errorWords, onEngineEvent } from '../api/command';
import { createFrameBatcher } from '../store/frame-batcher';
import { useAppStore } from '../store/app-store';
import { loadPreference } from '../store/preferences';

/**
 * Connects the store to the engine once: subscribes to events (applied once per frame)
 * and loads the app facts, connections and jobs. The connection is the one the operator
 * chose last time when it still exists, else the sandbox, else the first one.
 */
export function useBootstrap(): void {
  useEffect(() => {
    const unsubscribe = onEngineEvent(createFrameBatcher((events) => useAppStore.getState().applyEvents(events)));
    void (async () => {
      try {
        const [info, connections, jobs] = await Promise.all([command('getAppInfo', {}), command('listConnections', {}), command('listJobs', {})]);
        const saved = loadPreference('connectionId');
        const chosen =
          connections.find((c) => c.id === saved) ?? connections.find((c) => c.kind === 'sandbox') ?? connections[0];
        useAppStore.setState({
          appInfo: info,
          connections,
          connectionId: chosen?.id ?? null,
          utc: loadPreference('utc') ?? false,
          jobs: { ...Object.fromEntries(jobs.map((j) => [j.id, j])), ...useAppStore.getState().jobs },
          ready: true,
        });
      } catch (e) {
        useAppStore.setState({ error: errorWords(e), ready: true });
      }
    })();
    return unsubscribe;
  }, []);
}
