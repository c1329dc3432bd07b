/** The rate the job starts at and the limits it must keep: a maximum rate, a cost ceiling, a reject budget. */
export function RateLimits(props: {
  rate: number; maxRate: string; maxCost: string; maxRejects: string; spread: boolean;
  onRate(v: number): void; onMaxRate(v: string): void; onMaxCost(v: string): void; onMaxRejects(v: string): void; onSpread(v: boolean): void;
}) {
  const maxRate = Number(props.maxRate);
  const overMax = props.maxRate !== '' && maxRate > 0 && props.rate > maxRate;
  return (
    <>
      <div className="row">
        <label>Write rate (WCU/s)<input data-testid="rate-input" type="number" min={1} value={props.rate} onChange={(e) => props.onRate(Number(e.target.value))} /></label>
        <label>Maximum rate (WCU/s)<input data-testid="limit-max-rate" type="number" min={1} value={props.maxRate} placeholder="no maximum" onChange={(e) => props.onMaxRate(e.target.value)} /></label>
        <label>Pause when cost would pass (USD)<input data-testid="limit-max-cost" type="number" min={0.01} step={0.01} value={props.maxCost} placeholder="no ceiling" onChange={(e) => props.onMaxCost(e.target.value)} /></label>
        <label>Stop after rejects<input data-testid="limit-max-rejects" type="number" min={0} value={props.maxRejects} placeholder="no limit" onChange={(e) => props.onMaxRejects(e.target.value)} /></label>
      </div>
      <label className="checkbox">
        <input type="checkbox" data-testid="spread-toggle" checked={props.spread} onChange={(e) => props.onSpread(e.target.checked)} />
        Spread writes across partitions (recommended: sorted input otherwise makes a rolling hot partition)
      </label>
      {overMax && <p className="error-text" data-testid="rate-over-max">The rate is above the maximum you set.</p>}
      <p className="muted small">The rate can be changed while the job runs, within the maximum. The cost ceiling pauses the job (it does not stop it) and can be raised live.</p>
    </>
  );
}
