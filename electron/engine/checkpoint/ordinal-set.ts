/**
 * The set of finished record ordinals of a job: a low-water mark below which every
 * ordinal is finished, and a bitmap above it. Records finish out of order (spreading,
 * parallel workers), so a single "last position" would skip records on resume; this set
 * never does. Compact for the usual shape: dense below, a window of holes above.
 */
export class OrdinalSet {
  private lowWater = 0;
  private bits = new Uint8Array(1024);
  private count = 0;

  /** Ordinals below this are all in the set. */
  get base(): number {
    return this.lowWater;
  }

  /** How many ordinals are in the set. */
  get size(): number {
    return this.count;
  }

  /** Adds an ordinal; adding one twice is harmless. */
  add(ordinal: number): void {
    if (ordinal < this.lowWater) return;
    const offset = ordinal - this.lowWater;
    this.ensure(offset);
    const byte = offset >> 3;
    const mask = 1 << (offset & 7);
    if (this.bits[byte]! & mask) return;
    this.bits[byte]! |= mask;
    this.count++;
    if (byte === 0 && this.bits[0] === 0xff) this.advance();
  }

  /** True when the ordinal is finished. */
  has(ordinal: number): boolean {
    if (ordinal < this.lowWater) return true;
    const offset = ordinal - this.lowWater;
    const byte = offset >> 3;
    if (byte >= this.bits.length) return false;
    return (this.bits[byte]! & (1 << (offset & 7))) !== 0;
  }

  /** A JSON-friendly form: the low-water mark and the bitmap above it in base64. */
  toJSON(): { base: number; count: number; bitmap: string } {
    let last = this.bits.length - 1;
    while (last >= 0 && this.bits[last] === 0) last--;
    return { base: this.lowWater, count: this.count, bitmap: Buffer.from(this.bits.subarray(0, last + 1)).toString('base64') };
  }

  /** Rebuilds a set saved with `toJSON`. */
  static fromJSON(saved: { base: number; count: number; bitmap: string }): OrdinalSet {
    const set = new OrdinalSet();
    set.lowWater = saved.base;
    const bytes = Buffer.from(saved.bitmap, 'base64');
    set.bits = new Uint8Array(Math.max(1024, bytes.length * 2));
    set.bits.set(bytes);
    set.count = saved.count;
    set.advance();
    return set;
  }

  private ensure(offset: number): void {
    const byte = offset >> 3;
    if (byte < this.bits.length) return;
    let size = this.bits.length;
    while (size <= byte) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bits);
    this.bits = grown;
  }

  /** Moves the low-water mark past every leading full byte, then past leading set bits. */
  private advance(): void {
    let fullBytes = 0;
    while (fullBytes < this.bits.length && this.bits[fullBytes] === 0xff) fullBytes++;
    if (fullBytes > 0) {
      this.bits.copyWithin(0, fullBytes);
      this.bits.fill(0, this.bits.length - fullBytes);
      this.lowWater += fullBytes * 8;
    }
    // Leading set bits inside the first byte stay in the bitmap: shifting by bits is not
    // worth the cost, and `has` reads them correctly.
  }
}
