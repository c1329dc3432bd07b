import { useEffect, useState } from 'react';
import type { TableDetails } from '../../../shared/contract';
import { command } from '../api/command';

/** How often a dashboard re-reads its table's capacity (auto scaling moves it in minutes). */
const REFRESH_MS = 60_000;

/**
 * A table's details for a dashboard (provisioned capacity for the chart's step line),
 * read on open and once a minute (and again whenever `version` changes). Null while
 * unknown or when the table cannot be read.
 */
export function useTableDetails(connectionId: string | null, tableName: string, refresh: boolean, version = 0): TableDetails | null {
  const [details, setDetails] = useState<TableDetails | null>(null);
  useEffect(() => {
    if (!connectionId || !tableName) return;
    let live = true;
    const read = () => command('describeTable', { connectionId, tableName }).then((d) => { if (live) setDetails(d); }, () => undefined);
    void read();
    const timer = refresh ? setInterval(() => void read(), REFRESH_MS) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [connectionId, tableName, refresh, version]);
  return details;
}
