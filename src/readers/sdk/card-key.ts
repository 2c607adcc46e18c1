// A card key is the 64-bit SipHash-1-3 of the card number's ASCII digits under the hash key,
// split (hi, lo). Lists and tap records carry card keys, never card numbers. Its parts, most
// significant first: bucket = bits 63..48, mid = bits 47..16, low = bits 15..0.

export function bucketOf(hi: number): number {
  return hi >>> 16;
}

export function midOf(hi: number, lo: number): number {
  return ((hi << 16) | (lo >>> 16)) >>> 0;
}

export function lowOf(lo: number): number {
  return lo & 0xffff;
}

export function hiOf(bucket: number, mid: number): number {
  return ((bucket << 16) | (mid >>> 16)) >>> 0;
}

export function loOf(mid: number, low: number): number {
  return ((mid << 16) | low) >>> 0;
}

/** Orders two card keys as unsigned 64-bit numbers: negative, zero or positive. */
export function compareCardKeys(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return aHi !== bHi ? (aHi >>> 0) - (bHi >>> 0) : (aLo >>> 0) - (bLo >>> 0);
}

/** 16 lowercase hex digits, most significant first: how tap records and docs write a card key. */
export function cardKeyHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
