// SipHash-2-4 (Aumasson & Bernstein) over a latin-1 string, in 32-bit halves so the hot path needs no
// BigInt and allocates nothing. A 64-bit word X is the pair (xh, xl); all arithmetic is on int32.
// Reference: https://www.aumasson.jp/siphash/siphash.pdf; test/readers/siphash.test.ts checks the
// 64 published vectors of the reference implementation.

/**
 * A SipHash-2-4 instance bound to one 16-byte key. `hash(s)` leaves the 64-bit result in `out`:
 * `out[0]` the high 32 bits, `out[1]` the low 32 bits (the result read as a little-endian u64).
 *
 * @example
 * const h = new SipHash24(key16);
 * h.hash('6214831234567890123'); const hi = h.out[0]!, lo = h.out[1]!;
 */
export class SipHash24 {
  readonly out = new Uint32Array(2);
  // v0..v3 after key setup, as (high, low) int32 pairs.
  private readonly init = new Int32Array(8);

  constructor(key: Uint8Array) {
    if (key.length !== 16) throw new RangeError('SipHash key must be 16 bytes');
    const k0l = le32(key, 0), k0h = le32(key, 4), k1l = le32(key, 8), k1h = le32(key, 12);
    const init = this.init;
    init[0] = k0h ^ 0x736f6d65; init[1] = k0l ^ 0x70736575;
    init[2] = k1h ^ 0x646f7261; init[3] = k1l ^ 0x6e646f6d;
    init[4] = k0h ^ 0x6c796765; init[5] = k0l ^ 0x6e657261;
    init[6] = k1h ^ 0x74656462; init[7] = k1l ^ 0x79746573;
  }

  /** Hashes the char codes of `s` as bytes (each must be < 256; card numbers are ASCII digits). */
  hash(s: string): void {
    const init = this.init;
    let v0h = init[0]!, v0l = init[1]!, v1h = init[2]!, v1l = init[3]!;
    let v2h = init[4]!, v2l = init[5]!, v3h = init[6]!, v3l = init[7]!;
    const n = s.length;
    const end = n - (n & 7);
    let i = 0;
    let t = 0, u = 0, mh = 0, ml = 0;
    for (;;) {
      if (i < end) {
        ml = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
        mh = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24);
        i += 8;
      } else if (i === end) {
        // Last block: the remaining 0..7 bytes, and the length mod 256 in the top byte.
        ml = 0;
        mh = (n & 0xff) << 24;
        for (let j = end; j < n; j++) {
          const shift = (j - end) << 3;
          if (shift < 32) ml |= s.charCodeAt(j) << shift;
          else mh |= s.charCodeAt(j) << (shift - 32);
        }
        i = end + 1;
      } else break;
      v3h ^= mh; v3l ^= ml;
      for (let r = 0; r < 2; r++) {
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
      }
      v0h ^= mh; v0l ^= ml;
    }
    v2l ^= 0xff;
    for (let r = 0; r < 4; r++) {
      // The same SipRound as above, written out again: a shared function would cost a call per round.
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
    u = v0h ^ v1h ^ v2h ^ v3h;
    this.out[0] = u;
    this.out[1] = v0l ^ v1l ^ v2l ^ v3l;
  }
}

function le32(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}
