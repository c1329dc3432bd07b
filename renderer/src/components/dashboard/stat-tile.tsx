/** One labelled figure of a dashboard. */
export function StatTile({ label, value, testId, tone, title }: { label: string; value: string; testId?: string; tone?: 'warn' | undefined; title?: string }) {
  return (
    <div className={`stat ${tone ?? ''}`} title={title}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>{value}</div>
    </div>
  );
}
