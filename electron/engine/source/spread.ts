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

/**
 * How many entries go out in one array. Small on purpose: an array's decoded records
 * stay alive until the last of them is batched, and at full speed a few hundred of
 * them outlived the young generation's collections and were copied, then promoted.
 */
export const OUTPUT_BATCH = 64;

/** A lane chunk's entries, decoded `OUTPUT_BATCH` at a time. */
export function* decodedSlices(chunk: LaneChunk): Generator<SourceEntry[]> {
  for (let start = 0; start < chunk.length; start += OUTPUT_BATCH) {
    const end = Math.min(chunk.length, start + OUTPUT_BATCH);
    const out = new Array<SourceEntry>(end - start);
    for (let i = start; i < end; i++) out[i - start] = chunk.entryAt(i);
    yield out;
  }
}

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

/**
 * A run of one lane's entries, handed out one at a time: an array of entries, or records
 * not decoded yet (`PendingRecords`) that become entries only when taken.
 */
export interface LaneChunk {
  readonly length: number;
  entryAt(index: number): SourceEntry;
}

/** Entries already made, as a lane chunk. */
export function entriesChunk(entries: SourceEntry[]): LaneChunk {
  return { length: entries.length, entryAt: (index) => entries[index]! };
}

/** A producer of one range's chunks, in input order. */
export type LaneFactory = () => AsyncIterator<LaneChunk>;

interface Lane {
  iterator: AsyncIterator<LaneChunk>;
  chunk: LaneChunk;
  next: number;
}

const EMPTY_CHUNK = entriesChunk([]);

/**
 * Reads up to `laneCount` ranges at once, in a random order of ranges, taking each next
 * entry from a random open lane. Consecutive entries therefore come from different,
 * far-apart places of the input, and `laneCount` places are being written at any moment.
 * `factories` should be in a random order already (the caller shuffles the ranges).
 */
export async function* interleaveLanes(
  factories: LaneFactory[],
  laneCount: number,
  random: () => number,
  isClosed: () => boolean = () => false,
): AsyncGenerator<SourceEntry[]> {
  const lanes: Lane[] = [];
  let nextFactory = 0;
  const openLane = (): boolean => {
    if (nextFactory >= factories.length) return false;
    lanes.push({ iterator: factories[nextFactory++]!(), chunk: EMPTY_CHUNK, next: 0 });
    return true;
  };
  while (lanes.length < laneCount && openLane());
  let out: SourceEntry[] = [];
  try {
    while (lanes.length > 0) {
      if (isClosed()) return;
      const index = Math.floor(random() * lanes.length);
      const lane = lanes[index]!;
      if (lane.next >= lane.chunk.length) {
        const result = await lane.iterator.next();
        if (result.done) {
          // Replace the finished lane with a fresh range, or drop it.
          lanes[index] = lanes[lanes.length - 1]!;
          lanes.pop();
          openLane();
          continue;
        }
        lane.chunk = result.value;
        lane.next = 0;
        continue;
      }
      out.push(lane.chunk.entryAt(lane.next++));
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
export function shuffledFactories(factories: LaneFactory[], random: () => number): LaneFactory[] {
  const copy = factories.slice();
  shuffleInPlace(copy, random);
  return copy;
}
