// The changes a delta carries, read out of its bytes and checked: upserts and removals each strictly
// ascending by card key, no key in both, every value valid.
import { DELTA_REMOVAL_BYTES, DELTA_UPSERT_BYTES } from './list-format.ts';
import { compareCardKeys } from './card-key.ts';
import { isValidValue } from './list-values.ts';

export interface DeltaChanges {
  upHi: Uint32Array;
  upLo: Uint32Array;
  upVal: Uint32Array;
  rmHi: Uint32Array;
  rmLo: Uint32Array;
}

export function readDeltaChanges(bytes: Uint8Array, headerBytes: number, upserts: number, removals: number): DeltaChanges | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const d: DeltaChanges = {
    upHi: new Uint32Array(upserts),
    upLo: new Uint32Array(upserts),
    upVal: new Uint32Array(upserts),
    rmHi: new Uint32Array(removals),
    rmLo: new Uint32Array(removals),
  };
  let at = headerBytes;
  for (let i = 0; i < upserts; i++, at += DELTA_UPSERT_BYTES) {
    d.upHi[i] = view.getUint32(at, true);
    d.upLo[i] = view.getUint32(at + 4, true);
    d.upVal[i] = view.getUint32(at + 8, true);
    if (!isValidValue(d.upVal[i]!)) return 'reserved value';
    if (i > 0 && compareCardKeys(d.upHi[i - 1]!, d.upLo[i - 1]!, d.upHi[i]!, d.upLo[i]!) >= 0) return 'keys out of order';
  }
  for (let i = 0; i < removals; i++, at += DELTA_REMOVAL_BYTES) {
    d.rmHi[i] = view.getUint32(at, true);
    d.rmLo[i] = view.getUint32(at + 4, true);
    if (i > 0 && compareCardKeys(d.rmHi[i - 1]!, d.rmLo[i - 1]!, d.rmHi[i]!, d.rmLo[i]!) >= 0) return 'keys out of order';
  }
  // Both lists are sorted, so one merge pass finds a key that is both upserted and removed.
  for (let i = 0, j = 0; i < upserts && j < removals; ) {
    const c = compareCardKeys(d.upHi[i]!, d.upLo[i]!, d.rmHi[j]!, d.rmLo[j]!);
    if (c === 0) return 'key both upserted and removed';
    if (c < 0) i++;
    else j++;
  }
  return d;
}
