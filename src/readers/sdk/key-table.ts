// The verified list in memory: card keys sorted ascending, one 12-byte record per card
// [bits 47..16 of the key, bits 15..0, value], and where each 16-bit bucket (bits 63..48) starts.
// Records are interleaved (unlike the file's columns) so that a lookup's key compare and value read
// share one cache line: a tap costs about one cache miss in the table instead of three.
import { BUCKETS } from './list-format.ts';
import { hiOf, loOf } from './card-key.ts';
import { isValidValue } from './list-values.ts';

export const ABSENT = -1;
/** u32 words per record. */
export const STRIDE = 3;

export class KeyTable {
  constructor(
    /** BUCKETS + 1 entries: records of bucket b are [starts[b], starts[b + 1]). */
    readonly starts: Uint32Array,
    /** STRIDE words per record: mid (key bits 47..16), low (bits 15..0), value. */
    readonly rec: Uint32Array,
  ) {}

  get size(): number {
    return this.rec.length / STRIDE;
  }

  get bytes(): number {
    return this.starts.byteLength + this.rec.byteLength;
  }

  /** The value for a card key, or ABSENT. Hot path: no allocation. */
  find(hi: number, lo: number): number {
    const b = hi >>> 16;
    const a = this.starts[b]!;
    const z = this.starts[b + 1]!;
    if (a === z) return ABSENT;
    const m = ((hi << 16) | (lo >>> 16)) >>> 0;
    const rec = this.rec;
    // Keys are uniform within a bucket, so m predicts its position; walk from there to the first
    // record whose mid is >= m (a few steps at most, usually within one cache line).
    let i = a + Math.floor((m * (z - a)) / 4294967296);
    if (rec[i * 3]! < m) {
      do i++;
      while (i < z && rec[i * 3]! < m);
    } else {
      while (i > a && rec[(i - 1) * 3]! >= m) i--;
    }
    const l = lo & 0xffff;
    // Keys sharing bits 63..16 are adjacent; there is almost never more than one.
    for (; i < z && rec[i * 3] === m; i++) {
      if (rec[i * 3 + 1] === l) return rec[i * 3 + 2]!;
    }
    return ABSENT;
  }

  /** Calls `fn` for every entry in ascending key order. */
  forEach(fn: (hi: number, lo: number, value: number) => void): void {
    const { starts, rec } = this;
    for (let b = 0; b < BUCKETS; b++) {
      for (let i = starts[b]!, end = starts[b + 1]!; i < end; i++) {
        fn(hiOf(b, rec[i * 3]!), loOf(rec[i * 3]!, rec[i * 3 + 1]!), rec[i * 3 + 2]!);
      }
    }
  }

  /** Structure check: buckets consistent, keys strictly ascending, values valid; null when sound. */
  check(): string | null {
    const { starts, rec } = this;
    const n = this.size;
    if (starts[0] !== 0 || starts[BUCKETS] !== n) return 'bad bucket table';
    for (let b = 0; b < BUCKETS; b++) {
      const a = starts[b]!, z = starts[b + 1]!;
      if (z < a || z > n) return 'bad bucket table';
      for (let i = a + 1; i < z; i++) {
        const d = rec[i * 3]! - rec[(i - 1) * 3]!;
        if (d < 0 || (d === 0 && rec[i * 3 + 1]! <= rec[(i - 1) * 3 + 1]!)) return 'keys out of order';
      }
    }
    for (let i = 0; i < n; i++) if (!isValidValue(rec[i * 3 + 2]!)) return 'reserved value';
    return null;
  }
}
