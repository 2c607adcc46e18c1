// SipHash-1-3 (Aumasson & Bernstein's SipHash with 1 compression and 3 finalisation rounds, the variant
// Rust's std and CPython use for their hash tables) over a latin-1 string, in 32-bit halves so the hot path
// needs no BigInt and allocates nothing. A 64-bit word X is the pair (xh, xl); all arithmetic is on int32.
// Reference: https://www.aumasson.jp/siphash/siphash.pdf (SipHash-c-d); test/readers/siphash.test.ts
// checks it against an independent BigInt implementation and fixed vectors computed by it.
//
// Why 1-3 and not 2-4: a card key needs a keyed PRF over a short message (19 digits), and decide() runs
// it on every tap. 1-3 does 6 SipRounds for 19 bytes where 2-4 does 10, which is most of decide()'s
// own work; no practical attack on SipHash-1-3 as a PRF is known.

/**
 * A SipHash-1-3 instance bound to one 16-byte key. `hash(s)` leaves the 64-bit result in `out`:
 * `out[0]` the high 32 bits, `out[1]` the low 32 bits (the result read as a little-endian u64).
 *
 * @example
 * const h = new SipHash13(key16);
 * h.hash('6214831234567890123'); const hi = h.out[0]!, lo = h.out[1]!;
 */
export class SipHash13 {
  readonly out = new Uint32Array(2);
  // v0..v3 after key setup, as (high, low) int32 pairs; plain fields load faster than a typed array.
  private readonly i0h: number;
  private readonly i0l: number;
  private readonly i1h: number;
  private readonly i1l: number;
  private readonly i2h: number;
  private readonly i2l: number;
  private readonly i3h: number;
  private readonly i3l: number;

  constructor(key: Uint8Array) {
    if (key.length !== 16) throw new RangeError('SipHash key must be 16 bytes');
    const k0l = le32(key, 0), k0h = le32(key, 4), k1l = le32(key, 8), k1h = le32(key, 12);
    this.i0h = k0h ^ 0x736f6d65; this.i0l = k0l ^ 0x70736575;
    this.i1h = k1h ^ 0x646f7261; this.i1l = k1l ^ 0x6e646f6d;
    this.i2h = k0h ^ 0x6c796765; this.i2l = k0l ^ 0x6e657261;
    this.i3h = k1h ^ 0x74656462; this.i3l = k1l ^ 0x79746573;
  }

  /** Hashes the char codes of `s` as bytes (each must be < 256; card numbers are ASCII digits). */
  hash(s: string): void {
    let v0h = this.i0h, v0l = this.i0l, v1h = this.i1h, v1l = this.i1l;
    let v2h = this.i2h, v2l = this.i2l, v3h = this.i3h, v3l = this.i3l;
    const n = s.length;
    const end = n - (n & 7);
    let t = 0, mh = 0, ml = 0;
    // Every block but the last, then the last: the remaining 0..7 bytes and the length mod 256 in its top byte.
    for (let i = 0; i <= end; i += 8) {
      if (i < end) {
        ml = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
        mh = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24);
      } else {
        ml = 0;
        mh = (n & 0xff) << 24;
        switch (n & 7) {
          case 7: mh |= s.charCodeAt(end + 6) << 16; // falls through
          case 6: mh |= s.charCodeAt(end + 5) << 8; // falls through
          case 5: mh |= s.charCodeAt(end + 4); // falls through
          case 4: ml |= s.charCodeAt(end + 3) << 24; // falls through
          case 3: ml |= s.charCodeAt(end + 2) << 16; // falls through
          case 2: ml |= s.charCodeAt(end + 1) << 8; // falls through
          case 1: ml |= s.charCodeAt(end);
        }
      }
      v3h ^= mh; v3l ^= ml;
      // One SipRound (c = 1), written out: a shared function would cost a call per round.
      // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
      t = (v0l + v1l) | 0; v0h = (v0h + v1h + (((v0l & v1l) | ((v0l | v1l) & ~t)) >>> 31)) | 0; v0l = t;
      t = (v1h << 13) | (v1l >>> 19); v1l = (v1l << 13) | (v1h >>> 19); v1h = t;
      v1h ^= v0h; v1l ^= v0l; t = v0h; v0h = v0l; v0l = t;
      // v2 += v3; v3 <<<= 16; v3 ^= v2
      t = (v2l + v3l) | 0; v2h = (v2h + v3h + (((v2l & v3l) | ((v2l | v3l) & ~t)) >>> 31)) | 0; v2l = t;
      t = (v3h << 16) | (v3l >>> 16); v3l = (v3l << 16) | (v3h >>> 16); v3h = t;
      v3h ^= v2h; v3l ^= v2l;
      // v0 += v3; v3 <<<= 21; v3 ^= v0
      t = (v0l + v3l) | 0; v0h = (v0h + v3h + (((v0l & v3l) | ((v0l | v3l) & ~t)) >>> 31)) | 0; v0l = t;
      t = (v3h << 21) | (v3l >>> 11); v3l = (v3l << 21) | (v3h >>> 11); v3h = t;
      v3h ^= v0h; v3l ^= v0l;
      // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
      t = (v2l + v1l) | 0; v2h = (v2h + v1h + (((v2l & v1l) | ((v2l | v1l) & ~t)) >>> 31)) | 0; v2l = t;
      t = (v1h << 17) | (v1l >>> 15); v1l = (v1l << 17) | (v1h >>> 15); v1h = t;
      v1h ^= v2h; v1l ^= v2l; t = v2h; v2h = v2l; v2l = t;
      v0h ^= mh; v0l ^= ml;
    }
    v2l ^= 0xff;
    for (let r = 0; r < 3; r++) {
      // The same SipRound (d = 3).
      t = (v0l + v1l) | 0; v0h = (v0h + v1h + (((v0l & v1l) | ((v0l | v1l) & ~t)) >>> 31)) | 0; v0l = t;
      t = (v1h << 13) | (v1l >>> 19); v1l = (v1l << 13) | (v1h >>> 19); v1h = t;
      v1h ^= v0h; v1l ^= v0l; t = v0h; v0h = v0l; v0l = t;
      t = (v2l + v3l) | 0; v2h = (v2h + v3h + (((v2l & v3l) | ((v2l | v3l) & ~t)) >>> 31)) | 0; v2l = t;
      t = (v3h << 16) | (v3l >>> 16); v3l = (v3l << 16) | (v3h >>> 16); v3h = t;
      v3h ^= v2h; v3l ^= v2l;
      t = (v0l + v3l) | 0; v0h = (v0h + v3h + (((v0l & v3l) | ((v0l | v3l) & ~t)) >>> 31)) | 0; v0l = t;
      t = (v3h << 21) | (v3l >>> 11); v3l = (v3l << 21) | (v3h >>> 11); v3h = t;
      v3h ^= v0h; v3l ^= v0l;
      t = (v2l + v1l) | 0; v2h = (v2h + v1h + (((v2l & v1l) | ((v2l | v1l) & ~t)) >>> 31)) | 0; v2l = t;
      t = (v1h << 17) | (v1l >>> 15); v1l = (v1l << 17) | (v1h >>> 15); v1h = t;
      v1h ^= v2h; v1l ^= v2l; t = v2h; v2h = v2l; v2l = t;
    }
    this.out[0] = v0h ^ v1h ^ v2h ^ v3h;
    this.out[1] = v0l ^ v1l ^ v2l ^ v3l;
  }
}

function le32(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}
