import { describe, expect, it } from 'vitest';
import { MAX_CHART_POINTS, seriesPoints, stepPoints, throttleBucketSeconds } from '../../../shared/report/report-charts';
import { renderSeriesSvg } from '../../../shared/report/series-svg';
import { renderStackedBarsSvg } from '../../../shared/report/stacked-bars-svg';
import { buildSeries } from './report-fixtures';

/** The `d` attributes of the series paths in an SVG string. */
function seriesPaths(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<path class="${className}[^"]*" d="([^"]*)"`, 'g'))].map((m) => m[1]!);
}

describe('renderSeriesSvg', () => {
  const svg = renderSeriesSvg({
    title: 'Throughput <test>',
    xSpanSeconds: 600,
    xTitle: 'time since start',
    yTitle: 'per second',
    yUnit: '/s',
    series: [
      { label: 'consumed WCU/s', colorIndex: 0, kind: 'line', points: [{ x: 0, y: 0 }, { x: 300, y: 2_400 }, { x: 600, y: 1_200 }] },
      { label: 'target <WCU>', colorIndex: 2, kind: 'step', dashed: true, points: [{ x: 0, y: 1_500 }, { x: 300, y: 2_500 }] },
    ],
  });

  it('draws one path per series, a step for the target, axes and a legend', () => {
    const [line, step] = seriesPaths(svg, 'series');
    expect(line).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
    expect(step).toMatch(/^M[\d.]+ [\d.]+H[\d.]+V[\d.]+H[\d.]+$/);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>2,500 /s</text>');
    expect(svg).toContain('>10 min</text>');
    expect(svg).toContain('>consumed WCU/s</text>');
    expect(svg).toContain('<title>Throughput &lt;test&gt;</title>');
    expect(svg).toContain('target &lt;WCU&gt;');
    expect(svg).not.toContain('<WCU>');
  });

  it('puts the highest point at the top of the axis, inside the plot', () => {
    const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!;
    const ys = seriesPaths(svg, 'series')[0]!.match(/[\d.]+ ([\d.]+)/g)!.map((p) => Number(p.split(' ')[1]));
    for (const y of ys) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(Number(viewBox[2]));
    }
    expect(Math.min(...ys)).toBeLessThan(Math.max(...ys));
  });
});

describe('renderStackedBarsSvg', () => {
  it('stacks layers on one another, one path per layer', () => {
    const svg = renderStackedBarsSvg({
      title: 'Throttles',
      xSpanSeconds: 30,
      bucketSeconds: 10,
      xTitle: 'time',
      yTitle: 'events',
      yUnit: '',
      stacks: [
        { label: 'A', colorIndex: 5, values: [2, 0, 4] },
        { label: 'B', colorIndex: 3, values: [2, 1, 0] },
      ],
    });
    const [a, b] = seriesPaths(svg, 'bars');
    expect(a!.match(/z/g)).toHaveLength(2);
    expect(b!.match(/z/g)).toHaveLength(2);
    // B's first bar sits on top of A's: its bottom edge is A's top edge.
    const aTop = Number(/^M[\d.]+ ([\d.]+)/.exec(a!)![1]);
    const bFirst = /^M[\d.]+ ([\d.]+)h[\d.]+v([\d.]+)/.exec(b!)!;
    expect(Number(bFirst[1]) + Number(bFirst[2])).toBeCloseTo(aTop, 0);
  });
});

describe('report series reduction', () => {
  const day = buildSeries({ seconds: 86_400, targetAt: (s) => (s < 50_000 ? 1000 : 3000), pausedAt: (s) => s >= 40_000 && s < 42_000 });
  day[70_000]!.consumedWcu = 99_999;

  it('cuts a day to the point budget and keeps a one-second spike', () => {
    const points = seriesPoints(day, (t) => t.consumedWcu);
    expect(points.filter((p) => p.y !== null).length).toBeLessThanOrEqual(MAX_CHART_POINTS);
    expect(points.some((p) => p.y === 99_999)).toBe(true);
  });

  it('leaves a gap where there was no latency (the pause), not a line across it', () => {
    const points = seriesPoints(day, (t) => t.latencyP99Ms);
    const gap = points.findIndex((p) => p.y === null);
    expect(gap).toBeGreaterThan(0);
    expect(points[gap - 1]!.x).toBeLessThanOrEqual(40_000);
    expect(points[gap + 1]!.x).toBeGreaterThanOrEqual(42_000);
  });

  it('keeps only the changes of a step series', () => {
    expect(stepPoints(day, (t) => t.targetWcuPerSecond)).toEqual([{ x: 1, y: 1000 }, { x: 50_000, y: 3000 }]);
  });

  it('sizes throttle buckets to at most 200 bars', () => {
    expect(throttleBucketSeconds(150)).toBe(1);
    expect(throttleBucketSeconds(900)).toBe(5);
    expect(throttleBucketSeconds(86_400)).toBe(600);
  });
});
