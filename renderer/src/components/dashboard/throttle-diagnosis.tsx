import { memo } from 'react';
import { formatCount } from '../../../../shared/format';
import type { JobTick } from '../../../../shared/job-status';
import { compareThrottleReasons, explainThrottleReason } from '../../../../shared/report/throttle-reasons';
import { reasonColor } from '../../charts/reason-colors';
import { addInto, throttleSum } from '../../charts/throttle-sums';

/** Ticks per remembered partial sum: a day of history is about 150 of them. */
const CHUNK = 600;

/** What each throttling reason of this job means and what to do about it, most urgent first. */
export const ThrottleDiagnosis = memo(function ThrottleDiagnosis({ ticks, tickCount }: { ticks: readonly JobTick[]; tickCount: number }) {
  // Complete chunks are summed once and remembered; only the newest chunk is summed again.
  const totals: Record<string, number> = {};
  for (let start = 0; start < tickCount; start += CHUNK) addInto(totals, throttleSum(ticks, start, CHUNK, tickCount));
  const list = Object.entries(totals).sort(([a], [b]) => compareThrottleReasons(a, b));
  if (list.length === 0) return null;
  return (
    <ul className="diagnosis" data-testid="throttle-diagnosis">
      {list.map(([reason, count]) => {
        const text = explainThrottleReason(reason);
        return (
          <li key={reason} data-testid={`diagnosis-${reason}`}>
            <div className="diagnosis-head">
              <span className="swatch" style={{ background: reasonColor(reason) }} aria-hidden />
              <strong>{text.title}</strong>
              <span className="muted small mono">{reason}</span>
              <span className="diagnosis-count">{formatCount(count)} events</span>
            </div>
            <p>{text.meaning}</p>
            <p><strong>What to do:</strong> {text.action}</p>
          </li>
        );
      })}
    </ul>
  );
});
