/**
 * Downsampling for charts: a 24-hour job at one point per second is 86,400 points per
 * series, far more than a chart has pixels. Each bucket keeps its minimum and maximum, in
 * time order, so spikes (a throttle storm, a pause) stay visible after reduction.
 */
export function downsampleMinMax<T>(points: readonly T[], maxPoints: number, value: (point: T) => number): T[] {
  if (points.length <= maxPoints || maxPoints < 4) return [...points];
  const buckets = Math.floor(maxPoints / 2);
  const size = points.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let minIndex = start;
    let maxIndex = start;
    for (let i = start + 1; i < end; i++) {
      const v = value(points[i]!);
      if (v < value(points[minIndex]!)) minIndex = i;
      if (v > value(points[maxIndex]!)) maxIndex = i;
    }
    if (minIndex === maxIndex) out.push(points[minIndex]!);
    else if (minIndex < maxIndex) out.push(points[minIndex]!, points[maxIndex]!);
    else out.push(points[maxIndex]!, points[minIndex]!);
  }
  return out;
}
