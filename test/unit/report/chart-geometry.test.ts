import { describe, expect, it } from 'vitest';
import { formatValueTick } from '../../../shared/report/chart-frame';
import { linearScale } from '../../../shared/report/linear-scale';
import { elapsedTicks, formatElapsedTick, niceAxis, niceStep } from '../../../shared/report/nice-ticks';
import { linePath, rectsPath, stepPath } from '../../../shared/report/svg-path';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted for a y axis', () => {
    const y = linearScale([0, 1000], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(1000)).toBe(0);
    expect(y(250)).toBe(150);
  });

  it('maps a flat domain to the range start instead of NaN', () => {
    expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
  });
});

describe('nice ticks', () => {
  it('steps at 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(873, 5)).toBe(200);
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(0.9, 5)).toBe(0.2);
  });

  it('stretches the axis to a labelled round top', () => {
    expect(niceAxis(0, 2_630, 5)).toEqual({ min: 0, max: 3_000, step: 1_000, ticks: [0, 1_000, 2_000, 3_000] });
    expect(niceAxis(0, 2_400, 5).ticks).toEqual([0, 500, 1_000, 1_500, 2_000, 2_500]);
    expect(niceAxis(0, 0, 5).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceAxis(0, 0.3, 3).ticks).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('spaces elapsed-time ticks at whole units', () => {
    expect(elapsedTicks(86_400, 8)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => h * 3600));
    expect(elapsedTicks(900, 8)).toEqual([0, 120, 240, 360, 480, 600, 720, 840]);
    expect(elapsedTicks(0, 8)).toEqual([0, 1]);
  });

  it('labels ticks with units and thousands separators', () => {
    expect(formatElapsedTick(0)).toBe('0');
    expect(formatElapsedTick(30)).toBe('30 s');
    expect(formatElapsedTick(600)).toBe('10 min');
    expect(formatElapsedTick(5_400)).toBe('1 h 30 min');
    expect(formatElapsedTick(86_400)).toBe('24 h');
    expect(formatElapsedTick(97_200)).toBe('27 h');
    expect(formatElapsedTick(190_800)).toBe('2 d 5 h');
    expect(formatValueTick(12_000, 2_000, '/s')).toBe('12,000 /s');
    expect(formatValueTick(0.5, 0.1, 'ms')).toBe('0.5 ms');
  });
});

describe('svg paths', () => {
  it('lifts the pen at gaps', () => {
    expect(linePath([{ x: 0, y: 0 }, { x: 1, y: 1.04 }, { x: 2, y: null }, { x: 3, y: 3 }, { x: 4, y: 2 }])).toBe('M0 0L1 1M3 3L4 2');
    expect(linePath([{ x: 0, y: null }])).toBe('');
  });

  it('draws steps as holds then jumps, held to the end', () => {
    expect(stepPath([{ x: 0, y: 50 }, { x: 10, y: 20 }], 30)).toBe('M0 50H10V20H30');
  });

  it('merges bars into one path and skips empty ones', () => {
    expect(rectsPath([{ x: 1, y: 2, width: 3, height: 4 }, { x: 9, y: 9, width: 3, height: 0 }])).toBe('M1 2h3v4h-3z');
  });
});
