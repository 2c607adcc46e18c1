// The verified list in memory: card keys sorted ascending, one 10-byte record per card — five u16:
// [mid (key bits 47..16) high half, mid low half, low (bits 15..0), value high half, value low half] — and
// where each 16-bit bucket (bits 63..48) starts. Records are interleaved (unlike the file's columns) so that a
// lookup's key compare and value read share one cache line: a tap costs about one cache miss in the table
// instead of three. u16 halves rather than u32 words keep a record at 10 bytes, not 12 (3 M cards: 30 MB).
//
// Why not a hash layout (measured 2026-11-30 on the 2-vCPU bench machine, 3 M cards, a tap as in
// bench/reader.bench.ts): a lookup here costs about one dependent memory access (a random read in 30 MB takes
// 140–195 ns there), and every layout tried cost the same or more per tap — ordered linear probing from a home
// slot (walked, or counted over 4 or 8 slots without branches), 64-byte lines of 6 records in page-aligned
// memory, finer in-memory bucket tables (2^18, 2^20), a branch-free window around the interpolated guess —
// while taking 11.7–11.9 bytes a card instead of 10.1. Reading more slots at once costs more than the walk's
// branches do: each further cache line is another miss.
import { BUCKETS } from './list-format.ts';
import { hiOf, loOf } from './card-key.ts';
import { isValidValue } from './list-values.ts';

export const ABSENT = -1;
/** u16 halves per record. */
export const STRIDE = 5;

/** Writes record `i` of `rec`. */
export function writeRecord(rec: Uint16Array, i: number, mid: number, low: number, value: number): void {
  const r = i * STRIDE;
  rec[r] = mid >>> 16;
  rec[r + 1] = mid & 0xffff;
  rec[r + 2] = low;
  rec[r + 3] = value >>> 16;
  rec[r + 4] = value & 0xffff;
}

export class KeyTable {
  constructor(
    /** BUCKETS + 1 entries: records of bucket b are [starts[b], starts[b + 1]). */
    readonly starts: Uint32Array,
    /** STRIDE u16 per record (writeRecord). */
    readonly rec: Uint16Array,
  ) {}

  get size(): number {
    return this.rec.length / STRIDE;
  }

  get bytes(): number {
    return this.starts.byteLength + this.rec.byteLength;
  }

  private midAt(i: number): number {
    return ((this.rec[i * STRIDE]! << 16) | this.rec[i * STRIDE + 1]!) >>> 0;
  }

  private valueAt(i: number): number {
    return ((this.rec[i * STRIDE + 3]! << 16) | this.rec[i * STRIDE + 4]!) >>> 0;
  }

  /** The value for a card key, or ABSENT. Hot path: no allocation. */
  find(hi: number, lo: number): number {
    const b = hi >>> 16;
    const a = this.starts[b]!;
    const z = this.starts[b + 1]!;
    if (a === z) return ABSENT;
    const m = ((hi << 16) | (lo >>> 16)) >>> 0;
    // Keys are uniform within a bucket, so m predicts its position; walk from there to the first
    // record whose mid is >= m (a few steps at most, usually within one cache line).
    let i = a + Math.floor((m * (z - a)) / 4294967296);
    if (this.midAt(i) < m) {
      do i++;
      while (i < z && this.midAt(i) < m);
    } else {
      while (i > a && this.midAt(i - 1) >= m) i--;
    }
    const l = lo & 0xffff;
    // Keys sharing bits 63..16 are adjacent; there is almost never more than one.
    for (; i < z && this.midAt(i) === m; i++) {
      if (this.rec[i * STRIDE + 2] === l) return this.valueAt(i);
    }
    return ABSENT;
  }

  /** Calls `fn` for every entry in ascending key order. */
  forEach(fn: (hi: number, lo: number, value: number) => void): void {
    const { starts, rec } = this;
    for (let b = 0; b < BUCKETS; b++) {
      for (let i = starts[b]!, end = starts[b + 1]!; i < end; i++) {
        const mid = this.midAt(i);
        fn(hiOf(b, mid), loOf(mid, rec[i * STRIDE + 2]!), this.valueAt(i));
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
        const d = this.midAt(i) - this.midAt(i - 1);
        if (d < 0 || (d === 0 && rec[i * STRIDE + 2]! <= rec[(i - 1) * STRIDE + 2]!)) return 'keys out of order';
      }
    }
    for (let i = 0; i < n; i++) if (!isValidValue(this.valueAt(i))) return 'reserved value';
    return null;
  }
}
