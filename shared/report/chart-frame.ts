import { formatQuantity } from '../cost/money-format';
import { escapeHtml } from './html-escape';
import { elapsedTicks, formatElapsedTick, type NiceAxis } from './nice-ticks';
import { paletteColor } from './chart-palette';
import { px } from './svg-path';

/**
 * What every report chart shares: the plot area, gridlines, axes with labelled ticks and a
 * legend. Kept apart from the marks so the line chart and the bar chart look alike.
 */

/** One legend entry: its palette index, its words, and how its swatch is drawn. */
export interface LegendItem {
  label: string;
  colorIndex: number;
  swatch: 'line' | 'dashed' | 'box' | 'area';
}

/** The pixel box of a chart and where its plot area sits inside it. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FONT_PX = 12;
const CHAR_PX = 6.6;
const LEGEND_ROW_PX = 18;

/** Lays out legend entries in rows that fit the width; returns the SVG and its height. */
export function renderLegend(items: readonly LegendItem[], width: number, left: number): { svg: string; heightPx: number } {
  let x = left;
  let row = 0;
  let svg = '';
  for (const item of items) {
    const itemWidth = 26 + item.label.length * CHAR_PX + 18;
    if (x > left && x + itemWidth > width) {
      x = left;
      row++;
    }
    const y = 12 + row * LEGEND_ROW_PX;
    const c = paletteColor(item.colorIndex);
    if (item.swatch === 'area') svg += `<rect class="${c.className} fill" x="${px(x)}" y="${y - 5}" width="18" height="10" fill="${c.light}" fill-opacity="0.18" stroke="none"/>`;
    svg +=
      item.swatch === 'box'
        ? `<rect class="${c.className} fill" x="${px(x)}" y="${y - 5}" width="18" height="10" fill="${c.light}" stroke="none"/>`
        : `<path class="${c.className}" d="M${px(x)} ${y}h18" stroke="${c.light}" stroke-width="2.5"${item.swatch === 'dashed' ? ' stroke-dasharray="5 3"' : ''} fill="none"/>`;
    svg += `<text x="${px(x + 24)}" y="${y + 4}">${escapeHtml(item.label)}</text>`;
    x += itemWidth;
  }
  return { svg, heightPx: items.length ? (row + 1) * LEGEND_ROW_PX + 6 : 0 };
}

/** Tick labels for a value axis: thousands separators, decimals only where the step needs them, and the unit. */
export function formatValueTick(value: number, step: number, unit: string): string {
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  const text = formatQuantity(value, decimals);
  return unit ? `${text} ${unit}` : text;
}

/**
 * Gridlines, the y axis (value ticks with units) and the x axis (elapsed time since the
 * job started), with axis titles.
 */
export function renderAxes(options: {
  box: ChartBox;
  yAxis: NiceAxis;
  yUnit: string;
  yTitle: string;
  xSpanSeconds: number;
  xTitle: string;
  x: (seconds: number) => number;
  y: (value: number) => number;
}): string {
  const { box, yAxis, x, y } = options;
  const plotRight = box.width - box.right;
  const plotBottom = box.height - box.bottom;
  let svg = '<g class="grid">';
  for (const v of yAxis.ticks) svg += `<path d="M${box.left} ${px(y(v))}H${plotRight}"/>`;
  svg += '</g><g class="ticks">';
  for (const v of yAxis.ticks) {
    svg += `<text x="${box.left - 6}" y="${px(y(v) + 4)}" text-anchor="end">${escapeHtml(formatValueTick(v, yAxis.step, options.yUnit))}</text>`;
  }
  const xTicks = elapsedTicks(options.xSpanSeconds, Math.max(2, Math.floor((plotRight - box.left) / 90)));
  for (const t of xTicks) {
    svg += `<path class="tick" d="M${px(x(t))} ${plotBottom}v5"/>`;
    svg += `<text x="${px(x(t))}" y="${plotBottom + 18}" text-anchor="middle">${escapeHtml(formatElapsedTick(t))}</text>`;
  }
  svg += '</g>';
  svg += `<path class="axis" d="M${box.left} ${box.top}V${plotBottom}H${plotRight}"/>`;
  svg += `<text class="axis-title" x="${box.left + (plotRight - box.left) / 2}" y="${box.height - 4}" text-anchor="middle">${escapeHtml(options.xTitle)}</text>`;
  svg += `<text class="axis-title" transform="translate(14 ${px(box.top + (plotBottom - box.top) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(options.yTitle)}</text>`;
  return svg;
}

/** The outer `<svg>` with an accessible name; sized by its viewBox so it scales to the page. */
export function wrapSvg(box: ChartBox, title: string, body: string): string {
  return `<svg class="chart" viewBox="0 0 ${box.width} ${box.height}" width="${box.width}" height="${box.height}" role="img" aria-label="${escapeHtml(title)}" font-size="${FONT_PX}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}
