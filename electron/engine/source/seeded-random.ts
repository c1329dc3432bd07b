/**
 * A small seeded random generator (mulberry32). Spreading needs randomness that a test
 * can repeat; Math.random cannot be seeded.
 */

/** Returns a function giving floats in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates in place: every order equally likely, O(n), no extra memory. Arrays and typed arrays alike. */
export function shuffleInPlace<T>(items: { length: number; [index: number]: T }, random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}
