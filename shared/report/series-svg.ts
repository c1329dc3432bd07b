import { renderAxes, renderLegend, wrapSvg, type ChartBox } from './chart-frame';
import { linearScale } from './linear-scale';
import { niceAxis } from './nice-ticks';
import { paletteColor } from './chart-palette';
import { linePath, px, stepPath, type PathPoint } from './svg-path';
import { escapeHtml } from './html-escape';

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
  /** Moments to mark with a numbered vertical line (operator actions), x in seconds. */
  markers?: readonly { x: number; label: string }[];
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
  const markers = options.markers ?? [];
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
  body += renderMarkers(markers, x, box);
  return wrapSvg(box, options.title, body);
}

/** Numbered vertical lines; labels that would overlap step down a row. */
function renderMarkers(markers: readonly { x: number; label: string }[], x: (seconds: number) => number, box: ChartBox): string {
  let svg = '';
  let lastX = Number.NEGATIVE_INFINITY;
  let row = 0;
  for (const m of markers) {
    const at = x(m.x);
    row = at - lastX < 8 + m.label.length * 7 ? (row + 1) % 3 : 0;
    lastX = at;
    const labelY = box.top + 11 + row * 13;
    svg += `<g class="marker"><path d="M${px(at)} ${box.top}V${box.height - box.bottom}" stroke="#6e7781" stroke-width="1" stroke-dasharray="3 3" fill="none"/>`;
    svg += `<text x="${px(at + 3)}" y="${labelY}" font-weight="600">${escapeHtml(m.label)}</text></g>`;
  }
  return svg;
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
