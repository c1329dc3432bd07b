import { memo } from 'react';
import { formatCount } from '../../../../shared/format';
import type { ThrottleDiagnosis as EngineDiagnosis } from '../../../../shared/capacity-view';
import type { JobTick } from '../../../../shared/job-status';
import { compareThrottleReasons, explainThrottleReason } from '../../../../shared/report/throttle-reasons';
import { reasonColor } from '../../charts/reason-colors';
import { addInto, throttleSum } from '../../charts/throttle-sums';

/** Ticks per remembered partial sum: a day of history is about 150 of them. */
const CHUNK = 600;

/**
 * What each throttling reason of this job means and what to do about it, most urgent
 * first: the engine's diagnosis in the job's own terms when it has one, else the
 * general explanation of each reason counted in the ticks.
 */
export const ThrottleDiagnosis = memo(function ThrottleDiagnosis({ ticks, tickCount, diagnosis }: { ticks: readonly JobTick[]; tickCount: number; diagnosis?: EngineDiagnosis[] | undefined }) {
  if (diagnosis && diagnosis.length > 0) return <EngineDiagnosisList diagnosis={diagnosis} />;
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

function EngineDiagnosisList({ diagnosis }: { diagnosis: EngineDiagnosis[] }) {
  const list = [...diagnosis].sort((a, b) => compareThrottleReasons(a.reason, b.reason));
  return (
    <ul className="diagnosis" data-testid="throttle-diagnosis" data-source="engine">
      {list.map((d) => (
        <li key={`${d.reason}-${d.indexName ?? ''}`} data-testid={`diagnosis-${d.reason}`}>
          <div className="diagnosis-head">
            <span className="swatch" style={{ background: reasonColor(d.reason) }} aria-hidden />
            <strong>{d.title}</strong>
            <span className="muted small mono">{d.reason}{d.indexName ? ` · ${d.indexName}` : ''}</span>
            <span className="diagnosis-count">{formatCount(d.count)} events</span>
          </div>
          <p>{d.meaning}</p>
          <p><strong>What to do:</strong> {d.action}</p>
        </li>
      ))}
    </ul>
  );
}
