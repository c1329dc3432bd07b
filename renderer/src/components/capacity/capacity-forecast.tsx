import type { TableDetails } from '../../../../shared/contract';
import { forecastWrites, type WriteForecast } from '../../../../shared/capacity/write-forecast';
import { forecastTableOf } from '../../../../shared/capacity/forecast-table';
import { formatCount, formatDuration } from '../../../../shared/format';

/** The forecast of a load in the wizard, or null until the table and the sample are known. */
export function forecastLoad(details: TableDetails | null, load: { items: number; baseWcuPerItem: number; gsiWcuPerItem: number } | null, rateWcuPerSecond: number, spread: boolean): WriteForecast | null {
  if (!details || !load || rateWcuPerSecond <= 0) return null;
  return forecastWrites({ table: forecastTableOf(details), items: load.items, wcuPerItem: load.baseWcuPerItem, gsiWcuPerItem: load.gsiWcuPerItem, requestedWcuPerSecond: rateWcuPerSecond, spread });
}

/**
 * The forecast of a backfill's writes from its trial: the projected changes at their
 * average write units, at the write rate asked, against the table's capacity (a shuffled
 * scan spreads its writes). Null when the trial found nothing to write.
 */
export function forecastBackfill(details: TableDetails | null, projected: { changes: number; wcu: number; wcuPerSecond: number }): WriteForecast | null {
  if (!details || projected.changes <= 0 || projected.wcu <= 0 || projected.wcuPerSecond <= 0) return null;
  return forecastWrites({ table: forecastTableOf(details), items: projected.changes, wcuPerItem: projected.wcu / projected.changes, gsiWcuPerItem: 0, requestedWcuPerSecond: projected.wcuPerSecond, spread: true });
}

/**
 * The asked rate against what the table can take, before start: a warning in words when
 * the table will hold the load back, and the duration from the table's facts beside what
 * rows / rate would say.
 */
export function CapacityForecast({ forecast, rateWcuPerSecond, naiveSeconds }: { forecast: WriteForecast; rateWcuPerSecond: number; naiveSeconds: number }) {
  const differs = Math.abs(forecast.seconds - naiveSeconds) > Math.max(1, naiveSeconds * 0.05);
  return (
    <div className="capacity-forecast" data-testid="capacity-forecast" data-limited-by={forecast.limitedBy}>
      {forecast.warnings.map((w) => <p key={w} className="banner warn" data-testid="capacity-warning">{w}</p>)}
      <p className="small" data-testid="forecast-duration">
        Expected duration from the table&apos;s capacity: <strong>{formatDuration(forecast.seconds)}</strong>
        {differs ? ` (at ${formatCount(rateWcuPerSecond)} WCU/s throughout it would be ${formatDuration(naiveSeconds)})` : ''}
        {forecast.burstSeconds !== null ? ` · burst keeps the asked rate for about ${formatCount(Math.round(forecast.burstSeconds))} s` : ''}
        {' · '}settles at {formatCount(forecast.sustainedWcuPerSecond)} WCU/s.
      </p>
      {forecast.assumptions.length > 0 && <p className="muted small" data-testid="forecast-assumptions">Assumed: {forecast.assumptions.join('; ')}.</p>}
    </div>
  );
}
