import type { OperatorAction } from '../../../../shared/report/run-facts';
import { ACTOR_WORDS } from '../../../../shared/report/report-run-sections';
import { numberedActions } from '../../../../shared/report/run-facts';
import { formatClock } from '../../format/zoned-clock';
import { useAppStore } from '../../store/app-store';

/**
 * The key to the numbered marks on the throughput chart: each operator action (or cost
 * ceiling, or time window) with its time, who took it and what it did, numbered as the
 * report numbers them. Nothing is drawn before the first action.
 */
export function ActionMarks({ actions }: { actions: readonly OperatorAction[] | undefined }) {
  const utc = useAppStore((s) => s.utc);
  const numbered = numberedActions(actions);
  if (numbered.length === 0) return null;
  return (
    <ol className="action-marks small" data-testid="action-marks">
      {numbered.map(({ number, action }) => (
        <li key={number} data-testid="action-mark">
          <span className="action-number">{number}</span> <span className="mono muted">{formatClock(action.atMs, utc)}</span> {action.words}{action.by === 'operator' ? '' : ` (by the ${ACTOR_WORDS[action.by]})`}
        </li>
      ))}
    </ol>
  );
}
