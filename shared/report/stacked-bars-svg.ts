import { renderAxes, renderLegend, wrapSvg, type ChartBox } from './chart-frame';
import { linearScale } from './linear-scale';
import { niceAxis } from './nice-ticks';
import { paletteColor } from './chart-palette';
import { rectsPath, type PathRect } from './svg-path';

/** One stack layer: a count per time bucket (bucket i covers [i, i+1) x bucketSeconds). */
export interface BarStack {
  label: string;
  colorIndex: number;
  values: readonly number[];
}

/** A stacked bar chart over a job's elapsed time, one bar per time bucket. */
export interface StackedBarsOptions {
  title: string;
  xSpanSeconds: number;
  bucketSeconds: number;
  xTitle: string;
  yTitle: string;
  yUnit: string;
  stacks: readonly BarStack[];
  widthPx?: number;
  heightPx?: number;
}

/**
 * Stacked bars as an inline SVG string, one `<path>` per layer however many bars: a
 * day-long run stays a few kilobytes and prints fast.
 */
export function renderStackedBarsSvg(options: StackedBarsOptions): string {
  const width = options.widthPx ?? 900;
  const left = 78;
  const legend = renderLegend(options.stacks.map((s) => ({ label: s.label, colorIndex: s.colorIndex, swatch: 'box' })), width, left);
  const box: ChartBox = { width, height: (options.heightPx ?? 220) + legend.heightPx, left, right: 16, top: legend.heightPx + 10, bottom: 42 };
  const buckets = Math.max(0, ...options.stacks.map((s) => s.values.length));
  const totals = Array.from({ length: buckets }, (_, i) => options.stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const yAxis = niceAxis(0, Math.max(0, ...totals), 5);
  const x = linearScale([0, Math.max(1, options.xSpanSeconds)], [box.left, box.width - box.right]);
  const y = linearScale([yAxis.min, yAxis.max], [box.height - box.bottom, box.top]);
  const barPx = x(options.bucketSeconds) - x(0);
  const gapPx = barPx > 4 ? Math.min(2, barPx * 0.15) : 0;
  const base = new Array<number>(buckets).fill(0);
  let body = `<g class="legend">${legend.svg}</g>`;
  body += renderAxes({ box, yAxis, yUnit: options.yUnit, yTitle: options.yTitle, xSpanSeconds: options.xSpanSeconds, xTitle: options.xTitle, x, y });
  for (const stack of options.stacks) {
    const rects: PathRect[] = [];
    for (let i = 0; i < buckets; i++) {
      const v = stack.values[i] ?? 0;
      if (!(v > 0)) continue;
      const bottom = base[i]!;
      base[i] = bottom + v;
      const x0 = x(i * options.bucketSeconds);
      const x1 = Math.min(x((i + 1) * options.bucketSeconds), box.width - box.right);
      rects.push({ x: x0 + gapPx / 2, y: y(bottom + v), width: Math.max(0.6, x1 - x0 - gapPx), height: y(bottom) - y(bottom + v) });
    }
    const d = rectsPath(rects);
    if (!d) continue;
    const c = paletteColor(stack.colorIndex);
    body += `<path class="bars ${c.className} fill" d="${d}" fill="${c.light}" stroke="none"/>`;
  }
  return wrapSvg(box, options.title, body);
}
