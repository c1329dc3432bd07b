import { seededRandom, shuffleInPlace } from '../source/seeded-random';

/**
 * How many parallel-scan segments a table gets, and which worker owns which. Many small
 * segments, read a page at a time in a random order, keep every partition busy at once
 * instead of walking the key space partition after partition (DOMAIN.md section 3).
 */

/** Segments for a table of this size: about 250 items or 256 KB each, at least 16, at most 10,000 (1,000 when the size is unknown). */
export function chooseSegmentCount(table: { itemCount: number; sizeBytes: number }): number {
  if (table.itemCount <= 0 && table.sizeBytes <= 0) return 1000;
  const bySize = Math.ceil(table.sizeBytes / (256 * 1024));
  const byItems = Math.ceil(table.itemCount / 250);
  return Math.max(16, Math.min(10_000, Math.max(bySize, byItems)));
}

/**
 * Deals segments to workers: shuffled, then round-robin, so each worker owns a disjoint
 * random set spread over the whole key space. With `shuffle` off each worker gets a
 * contiguous run, as a plain parallel scan would.
 */
export function dealSegments(segments: readonly number[], workers: number, options: { shuffle: boolean; seed: number }): number[][] {
  const hands: number[][] = Array.from({ length: Math.max(1, workers) }, () => []);
  if (!options.shuffle) {
    const per = Math.ceil(segments.length / hands.length);
    segments.forEach((segment, i) => hands[Math.floor(i / per)]!.push(segment));
    return hands;
  }
  const order = shuffled(segments, options.seed);
  order.forEach((segment, i) => hands[i % hands.length]!.push(segment));
  return hands;
}

/** A seeded shuffle (a copy), reproducible from the seed. */
export function shuffled<T>(values: readonly T[], seed: number): T[] {
  const out = [...values];
  shuffleInPlace(out, seededRandom(seed));
  return out;
}

/** A random sample of `fraction` of the segments (at least one), for a trial run. */
export function sampleSegments(totalSegments: number, fraction: number, seed: number): number[] {
  const count = Math.max(1, Math.min(totalSegments, Math.round(totalSegments * fraction)));
  return shuffled(Array.from({ length: totalSegments }, (_, i) => i), seed).slice(0, count).sort((a, b) => a - b);
}
