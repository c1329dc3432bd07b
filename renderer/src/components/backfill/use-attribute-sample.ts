import { useEffect, useState } from 'react';
import type { AttributeSample } from '../../../../shared/contract';
import { command, errorWords } from '../../api/command';

/** How many items the wizard reads to offer attribute names (one small Scan page). */
export const SAMPLE_ITEMS = 50;

/**
 * The attributes of the first items of a table (names, types, values), read once when
 * the table is chosen: what the wizard offers to pick and previews TTLs from. Null while
 * reading or without a table; an error in words when the read fails.
 */
export function useAttributeSample(connectionId: string | null, tableName: string): { sample: AttributeSample | null; error: string | null } {
  const [state, setState] = useState<{ key: string; sample: AttributeSample | null; error: string | null }>({ key: '', sample: null, error: null });
  const key = connectionId && tableName ? `${connectionId}/${tableName}` : '';
  useEffect(() => {
    if (!connectionId || !tableName) return;
    let live = true;
    command('sampleTableAttributes', { connectionId, tableName, items: SAMPLE_ITEMS }).then(
      (sample) => live && setState({ key: `${connectionId}/${tableName}`, sample, error: null }),
      (e: unknown) => live && setState({ key: `${connectionId}/${tableName}`, sample: null, error: errorWords(e) }),
    );
    return () => { live = false; };
  }, [connectionId, tableName]);
  return state.key === key ? { sample: state.sample, error: state.error } : { sample: null, error: null };
}
