import { memo } from 'react';
import { formatClock } from '../../format/zoned-clock';
import type { LogLine } from '../../store/app-store';
import { useAppStore } from '../../store/app-store';

const SHOWN_LINES = 200;

/** The job's event log, newest last, times in the operator's zone. */
export const EventLog = memo(function EventLog({ lines, note }: { lines: readonly LogLine[] | undefined; note?: string }) {
  const utc = useAppStore((s) => s.utc);
  const shown = (lines ?? []).slice(-SHOWN_LINES);
  return (
    <section className="card">
      <h2>Event log</h2>
      <ol className="log" data-testid="job-log">
        {shown.map((line, i) => (
          <li key={`${line.atMs}-${i}`} className={`log-${line.level}`}>
            <span className="mono muted log-time">{formatClock(line.atMs, utc)}</span> {line.message}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">{note ?? 'Nothing yet: throttles, retries, rejects and your actions appear here.'}</li>}
      </ol>
    </section>
  );
});
