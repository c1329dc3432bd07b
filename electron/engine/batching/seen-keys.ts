/**
 * Remembers which item keys a job has already sent, so a second record with the same key
 * in another batch is rejected ("duplicate key") instead of racing the first one through
 * parallel workers, where whichever lands last would win by chance.
 *
 * Keys are kept as 64-bit fingerprints in an open-addressing table filled up to 3/4 (8
 * bytes a slot, under 11 bytes per key at most), not as strings: the default 3 million
 * keys fit in one 32 MB table (48 MB for the moment of its last doubling), a budget
 * chosen so that a long load stays within its memory target (bench/load-control.ts). Two different keys share a
 * fingerprint with a probability near n^2 / 2^65 (about 2e-7 for 3 million keys); the
 * record that loses such a draw is rejected with its raw text, never lost. Past
 * `maxKeys`, the set stops growing and says so, and only duplicates inside one batch are
 * still caught.
 */
export class SeenKeys {
  private table: Uint32Array;
  private count = 0;
  private full = false;

  constructor(private readonly maxKeys = 3_000_000, initialSlots = 1 << 16) {
    this.table = new Uint32Array(initialSlots * 2);
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.count;
  }

  /** True once the set hit `maxKeys` and stopped remembering new keys. */
  get saturated(): boolean {
    return this.full;
  }

  /** Records a key; false when it was seen before. */
  add(key: string): boolean {
    hashInto(key);
    const h1 = hashA;
    const raw2 = hashB;
    // Zero marks an empty slot.
    const h2 = h1 === 0 && raw2 === 0 ? 1 : raw2;
    const slots = this.table.length / 2;
    let slot = h1 & (slots - 1);
    for (;;) {
      const a = this.table[slot * 2]!;
      const b = this.table[slot * 2 + 1]!;
      if (a === 0 && b === 0) break;
      if (a === h1 && b === h2) return false;
      slot = (slot + 1) & (slots - 1);
    }
    if (this.full) return true;
    if (this.count >= this.maxKeys) {
      this.full = true;
      return true;
    }
    this.table[slot * 2] = h1;
    this.table[slot * 2 + 1] = h2;
    this.count++;
    if (this.count * 4 > slots * 3) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    const slots = (old.length / 2) * 2;
    this.table = new Uint32Array(slots * 2);
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i]!;
      const b = old[i + 1]!;
      if (a === 0 && b === 0) continue;
      let slot = a & (slots - 1);
      while (this.table[slot * 2] !== 0 || this.table[slot * 2 + 1] !== 0) slot = (slot + 1) & (slots - 1);
      this.table[slot * 2] = a;
      this.table[slot * 2 + 1] = b;
    }
  }
}

/** Two independent 32-bit FNV-1a style hashes of a string's UTF-16 code units. */
export function fingerprint(text: string): [number, number] {
  hashInto(text);
  return [hashA, hashB];
}

/** The last `hashInto` result (module state instead of an array per key on the hot path). */
let hashA = 0;
let hashB = 0;

function hashInto(text: string): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 16;
  hashA = a >>> 0;
  hashB = b >>> 0;
}
