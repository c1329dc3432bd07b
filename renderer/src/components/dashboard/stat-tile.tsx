/** One labelled figure of a dashboard. */
export function StatTile({ label, value, testId, tone }: { label: string; value: string; testId?: string; tone?: 'warn' | undefined }) {
  return (
    <div className={`stat ${tone ?? ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>{value}</div>
    </div>
  );
}
