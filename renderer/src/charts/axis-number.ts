const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 12,345.5 for an axis tick or a tooltip: one shared formatter (creating one per tick is slow). */
export function formatAxisNumber(value: number): string {
  return numbers.format(value);
}
