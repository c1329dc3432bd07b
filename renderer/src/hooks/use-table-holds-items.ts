import { useEffect, useState } from 'react';
import { command } from '../api/command';

/**
 * Whether a table holds at least one item (one Scan of one item, through the table
 * safety command): a load into it must say what happens to the items there. Null while
 * unknown, or when the table cannot be read (the load itself will say why).
 */
export function useTableHoldsItems(connectionId: string | null, tableName: string): boolean | null {
  const [holds, setHolds] = useState<{ key: string; value: boolean } | null>(null);
  const key = `${connectionId ?? ''}/${tableName}`;
  useEffect(() => {
    if (!connectionId || !tableName) return;
    let live = true;
    command('getTableSafety', { connectionId, tableName }).then(
      (safety) => { if (live) setHolds({ key, value: safety.hasItems }); },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [connectionId, tableName, key]);
  return holds?.key === key ? holds.value : null;
}
