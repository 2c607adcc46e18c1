// Hashing and sorting card numbers into card keys on the server, for snapshots and deltas.
import { cardHasher } from '../sdk/siphash-wasm.ts';

const CARD_NUMBER = /^\d{16,20}$/;

/** Card keys, split in (hi, lo) halves, and their list values, as parallel columns. */
export interface CardKeyColumns {
  hi: Uint32Array;
  lo: Uint32Array;
  val: Uint32Array;
}

/** Card keys and values of `entries`, ascending by key; card keys that collide keep the smallest value. */
export function sortedCardKeys(hashKey: Uint8Array, entries: Iterable<readonly [string, number]>): CardKeyColumns {
  const hasher = cardHasher(hashKey);
  let cap = 1024, n = 0;
  let hi: Uint32Array = new Uint32Array(cap), lo: Uint32Array = new Uint32Array(cap), val: Uint32Array = new Uint32Array(cap);
  for (const [cardNumber, value] of entries) {
    if (!CARD_NUMBER.test(cardNumber)) throw new RangeError('a card number is 16 to 20 digits');
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`not a list value: ${value}`);
    if (n === cap) {
      cap *= 2;
      hi = grow(hi, cap); lo = grow(lo, cap); val = grow(val, cap);
    }
    hasher.hash(cardNumber);
    hi[n] = hasher.out[0]!;
    lo[n] = hasher.out[1]!;
    val[n++] = value;
  }
  const columns = { hi: hi.subarray(0, n), lo: lo.subarray(0, n), val: val.subarray(0, n) };
  return dedupe(n < RADIX_FROM ? comparisonSort(columns) : radixSort(columns));
}

// The radix sort's four passes each clear and sum 65,536 counters, whatever n: for a delta of a few cards
// (an upgrade, an unbinding, one test result) that was most of a list build. Below this, compare instead.
const RADIX_FROM = 2048;

/** Ascending by key; equal keys in any order (dedupe keeps the smallest value). */
function comparisonSort(e: CardKeyColumns): CardKeyColumns {
  // Differences of two uint32 values are exact in doubles, so their sign orders them.
  const order = Array.from(e.val, (_, i) => i).sort((a, b) => e.hi[a]! - e.hi[b]! || e.lo[a]! - e.lo[b]!);
  return { hi: Uint32Array.from(order, (i) => e.hi[i]!), lo: Uint32Array.from(order, (i) => e.lo[i]!), val: Uint32Array.from(order, (i) => e.val[i]!) };
}

/**
 * LSD radix sort on the 64-bit key in four 16-bit digits: linear time, and stable, which a plain
 * comparison sort of 3 million pairs is neither as fast nor as simple to make.
 */
function radixSort(e: CardKeyColumns): CardKeyColumns {
  const n = e.val.length;
  let src = e;
  let dst: CardKeyColumns = { hi: new Uint32Array(n), lo: new Uint32Array(n), val: new Uint32Array(n) };
  const count = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? src.lo : src.hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[((word[i]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let i = 0; i < n; i++) {
      const at = count[(word[i]! >>> shift) & 0xffff]!++;
      dst.hi[at] = src.hi[i]!;
      dst.lo[at] = src.lo[i]!;
      dst.val[at] = src.val[i]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

function dedupe(e: CardKeyColumns): CardKeyColumns {
  const n = e.val.length;
  let out = 0;
  for (let i = 0; i < n; i++) {
    if (out > 0 && e.hi[out - 1] === e.hi[i] && e.lo[out - 1] === e.lo[i]) {
      e.val[out - 1] = Math.min(e.val[out - 1]!, e.val[i]!);
      continue;
    }
    e.hi[out] = e.hi[i]!;
    e.lo[out] = e.lo[i]!;
    e.val[out++] = e.val[i]!;
  }
  return out === n ? e : { hi: e.hi.subarray(0, out), lo: e.lo.subarray(0, out), val: e.val.subarray(0, out) };
}

function grow(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}
