// Folds the overlay into a new KeyTable in one ordered pass, so lookups go back to one binary search.
// Peak memory is the old table plus the new one; the overlay is small by construction.
import { BUCKETS } from './list-format.ts';
import { ABSENT, KeyTable, STRIDE, writeRecord } from './key-table.ts';
import { REMOVED, type Overlay } from './overlay.ts';
import { bucketOf, compareCardKeys, lowOf, midOf } from './card-key.ts';

export function mergeOverlay(table: KeyTable, overlay: Overlay): KeyTable {
  const ovHi: number[] = [], ovLo: number[] = [], ovVal: number[] = [];
  let size = table.size;
  overlay.forEach((hi, lo, value) => {
    const inBase = table.find(hi, lo) !== ABSENT;
    if (value === REMOVED && inBase) size--;
    if (value !== REMOVED && !inBase) size++;
    ovHi.push(hi); ovLo.push(lo); ovVal.push(value);
  });
  const order = ovHi.map((_, i) => i).sort((a, b) => compareCardKeys(ovHi[a]!, ovLo[a]!, ovHi[b]!, ovLo[b]!));

  const starts = new Uint32Array(BUCKETS + 1);
  const rec = new Uint16Array(size * STRIDE);
  let out = 0;
  const emit = (hi: number, lo: number, v: number) => {
    starts[bucketOf(hi) + 1]!++;
    writeRecord(rec, out++, midOf(hi, lo), lowOf(lo), v);
  };
  let k = 0;
  const emitOverlayBelow = (hi: number, lo: number) => {
    // Overlay keys that sort before (hi, lo) and are not in the base: new cards.
    for (; k < order.length; k++) {
      const j = order[k]!;
      if (compareCardKeys(ovHi[j]!, ovLo[j]!, hi, lo) >= 0) return;
      if (ovVal[j] !== REMOVED) emit(ovHi[j]!, ovLo[j]!, ovVal[j]!);
    }
  };
  table.forEach((hi, lo, value) => {
    emitOverlayBelow(hi, lo);
    const j = order[k];
    if (j !== undefined && ovHi[j] === hi && ovLo[j] === lo) {
      k++;
      if (ovVal[j] !== REMOVED) emit(hi, lo, ovVal[j]!);
    } else {
      emit(hi, lo, value);
    }
  });
  emitOverlayBelow(0xffff_ffff, 0xffff_ffff);
  if (k < order.length) {
    const j = order[k]!; // the all-ones key itself
    if (ovVal[j] !== REMOVED) emit(ovHi[j]!, ovLo[j]!, ovVal[j]!);
  }
  for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
  return new KeyTable(starts, rec);
}
