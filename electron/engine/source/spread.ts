import { shuffleInPlace } from './seeded-random';
import type { SourceEntry } from './source-entry';

/**
 * Spreading: yield a source's entries in an order unrelated to the input's key order, so
 * that sorted input (exports, sorted CSV) does not become a rolling hot partition. Two
 * ways, both keeping each entry's original ordinal:
 * - `shuffleInMemory`: the whole input, shuffled, when it fits the memory budget;
 * - `interleaveLanes`: many far-apart ranges read at once, each next entry taken from a
 *   random one, when it does not. Memory is then lanes x one read chunk, whatever the
 *   input's size.
 */

/** How many entries go out in one array. */
const OUTPUT_BATCH = 256;

/**
 * Memory one entry is estimated to hold: its raw text, its fields (mostly slices of
 * similar size) and object overhead. Deliberately pessimistic: the budget is a ceiling.
 */
export function entryMemoryBytes(entry: SourceEntry): number {
  return entry.raw.length * 3 + 200;
}

/**
 * Collects every entry and shuffles them; returns null as soon as the collected entries
 * would exceed the budget, so the caller can switch to reading far-apart ranges (the
 * estimate made before reading can be wrong, e.g. for gzip).
 */
export async function shuffleInMemory(
  batches: AsyncIterable<SourceEntry[]>,
  memoryBudgetBytes: number,
  random: () => number,
): Promise<SourceEntry[] | null> {
  const all: SourceEntry[] = [];
  let bytes = 0;
  for await (const batch of batches) {
    for (const entry of batch) {
      bytes += entryMemoryBytes(entry);
      all.push(entry);
    }
    if (bytes > memoryBudgetBytes) return null;
  }
  shuffleInPlace(all, random);
  return all;
}

/** Yields an in-memory array in output-sized slices. */
export function* sliceBatches(entries: SourceEntry[]): Generator<SourceEntry[]> {
  for (let i = 0; i < entries.length; i += OUTPUT_BATCH) yield entries.slice(i, i + OUTPUT_BATCH);
}

/** A producer of one range's entries (or not yet decoded records), in input order. */
export type LaneFactory<T = SourceEntry> = () => AsyncIterator<T[]>;

interface Lane<T> {
  iterator: AsyncIterator<T[]>;
  buffer: T[];
  next: number;
}

/**
 * Reads up to `laneCount` ranges at once, in a random order of ranges, taking each next
 * entry from a random open lane. Consecutive entries therefore come from different,
 * far-apart places of the input, and `laneCount` places are being written at any moment.
 * `factories` should be in a random order already (the caller shuffles the ranges).
 */
export async function* interleaveLanes<T = SourceEntry>(
  factories: LaneFactory<T>[],
  laneCount: number,
  random: () => number,
  isClosed: () => boolean = () => false,
  /** Turns a lane's element into its entry when it is taken (records are decoded late). */
  decode: (item: T) => SourceEntry = (item) => item as unknown as SourceEntry,
): AsyncGenerator<SourceEntry[]> {
  const lanes: Lane<T>[] = [];
  let nextFactory = 0;
  const openLane = (): boolean => {
    if (nextFactory >= factories.length) return false;
    lanes.push({ iterator: factories[nextFactory++]!(), buffer: [], next: 0 });
    return true;
  };
  while (lanes.length < laneCount && openLane());
  let out: SourceEntry[] = [];
  try {
    while (lanes.length > 0) {
      if (isClosed()) return;
      const index = Math.floor(random() * lanes.length);
      const lane = lanes[index]!;
      if (lane.next >= lane.buffer.length) {
        const result = await lane.iterator.next();
        if (result.done) {
          // Replace the finished lane with a fresh range, or drop it.
          lanes[index] = lanes[lanes.length - 1]!;
          lanes.pop();
          openLane();
          continue;
        }
        lane.buffer = result.value;
        lane.next = 0;
        continue;
      }
      const item = lane.buffer[lane.next]!;
      // Let the buffer drop the taken element (it is garbage once decoded and sent).
      (lane.buffer as (T | undefined)[])[lane.next++] = undefined;
      out.push(decode(item));
      if (out.length >= OUTPUT_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(lanes.map((lane) => lane.iterator.return?.()));
  }
}

/** Shuffles range factories so the lanes open at random places of the input. */
export function shuffledFactories<T>(factories: LaneFactory<T>[], random: () => number): LaneFactory<T>[] {
  const copy = factories.slice();
  shuffleInPlace(copy, random);
  return copy;
}
