import { renderAxes, renderLegend, wrapSvg, type ChartBox } from './chart-frame';
import { linearScale } from './linear-scale';
import { niceAxis } from './nice-ticks';
import { paletteColor } from './chart-palette';
import { linePath, px, stepPath, type PathPoint } from './svg-path';

/** One series of a line chart, in data units: x in seconds since the job started. */
export interface ChartSeries {
  label: string;
  colorIndex: number;
  /** `step` for settings that hold until changed (the target rate). */
  kind: 'line' | 'step';
  dashed?: boolean;
  /** Shade the area under the line, so a line drawn on top of it (often equal) stays visible. */
  area?: boolean;
  points: readonly { x: number; y: number | null }[];
}

/** A line chart over a job's elapsed time. */
export interface SeriesChartOptions {
  title: string;
  xSpanSeconds: number;
  xTitle: string;
  yTitle: string;
  /** Appended to every y tick label, e.g. `/s` or `ms`. */
  yUnit: string;
  series: readonly ChartSeries[];
  widthPx?: number;
  heightPx?: number;
}

/**
 * A line chart as an inline SVG string: no script, no external font or stylesheet, so it
 * survives being saved, mailed and printed. The callers downsample first; this draws
 * every point it is given.
 */
export function renderSeriesSvg(options: SeriesChartOptions): string {
  const width = options.widthPx ?? 900;
  const left = 78;
  const legend = renderLegend(
    options.series.map((s) => ({ label: s.label, colorIndex: s.colorIndex, swatch: s.dashed ? 'dashed' : s.area ? 'area' : 'line' })),
    width,
    left,
  );
  const box: ChartBox = { width, height: (options.heightPx ?? 260) + legend.heightPx, left, right: 16, top: legend.heightPx + 10, bottom: 42 };
  let maxY = 0;
  for (const s of options.series) for (const p of s.points) if (p.y !== null && p.y > maxY) maxY = p.y;
  const yAxis = niceAxis(0, maxY, 5);
  const x = linearScale([0, Math.max(1, options.xSpanSeconds)], [box.left, box.width - box.right]);
  const y = linearScale([yAxis.min, yAxis.max], [box.height - box.bottom, box.top]);
  let body = `<g class="legend">${legend.svg}</g>`;
  body += renderAxes({ box, yAxis, yUnit: options.yUnit, yTitle: options.yTitle, xSpanSeconds: options.xSpanSeconds, xTitle: options.xTitle, x, y });
  for (const s of options.series) {
    const pts = s.points.map((p) => ({ x: x(p.x), y: p.y === null ? null : y(p.y) }));
    const d = s.kind === 'step' ? stepPath(pts, x(options.xSpanSeconds)) : linePath(pts);
    if (!d) continue;
    const c = paletteColor(s.colorIndex);
    if (s.area && s.kind === 'line') body += areaUnder(pts, y(yAxis.min), c);
    body += `<path class="series ${c.className}" d="${d}" fill="none" stroke="${c.light}" stroke-width="${s.kind === 'step' ? 2 : 1.5}"${s.dashed ? ' stroke-dasharray="6 4"' : ''} stroke-linejoin="round"/>`;
  }
  return wrapSvg(box, options.title, body);
}

/** The shaded area between a line and the baseline, one closed shape per unbroken run. */
function areaUnder(points: readonly PathPoint[], baseY: number, c: { light: string; className: string }): string {
  let d = '';
  let run: { x: number; y: number }[] = [];
  const close = () => {
    if (run.length > 1) d += `M${px(run[0]!.x)} ${px(baseY)}${run.map((p) => `L${px(p.x)} ${px(p.y)}`).join('')}L${px(run.at(-1)!.x)} ${px(baseY)}z`;
    run = [];
  };
  for (const p of points) {
    if (p.y === null) close();
    else run.push({ x: p.x, y: p.y });
  }
  close();
  return d ? `<path class="area ${c.className} fill" d="${d}" fill="${c.light}" fill-opacity="0.18" stroke="none"/>` : '';
}
