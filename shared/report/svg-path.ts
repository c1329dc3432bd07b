/**
 * SVG path data for charts. Coordinates are rounded to 0.1 px: the eye cannot tell,
 * and a day-long report stays small.
 */

/** A point in chart coordinates (pixels); a null `y` is a gap (no data that second). */
export interface PathPoint {
  x: number;
  y: number | null;
}

/** A rectangle in pixels, for bars. */
export interface PathRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels as short text: one decimal at most, no trailing zeros. */
export function px(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A polyline through the points; a null `y` lifts the pen so gaps stay gaps. */
export function linePath(points: readonly PathPoint[]): string {
  let d = '';
  let penDown = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${px(p.x)} ${px(p.y)}`;
    penDown = true;
  }
  return d;
}

/**
 * A step line: each value holds until the next point, then jumps (a rate setting is
 * constant between changes, so a diagonal would be a lie). Holds the last value to `endX`.
 */
export function stepPath(points: readonly PathPoint[], endX?: number): string {
  let d = '';
  let last: { x: number; y: number } | null = null;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      if (last) d += `H${px(p.x)}`;
      last = null;
      continue;
    }
    if (!last) d += `M${px(p.x)} ${px(p.y)}`;
    else d += `H${px(p.x)}V${px(p.y)}`;
    last = { x: p.x, y: p.y };
  }
  if (last && endX !== undefined && endX > last.x) d += `H${px(endX)}`;
  return d;
}

/** Many rectangles as one path: one element per series instead of one per bar. */
export function rectsPath(rects: readonly PathRect[]): string {
  let d = '';
  for (const r of rects) {
    if (!(r.width > 0) || !(r.height > 0)) continue;
    d += `M${px(r.x)} ${px(r.y)}h${px(r.width)}v${px(r.height)}h${px(-r.width)}z`;
  }
  return d;
}
