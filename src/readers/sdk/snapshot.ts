// Turns the verified bytes of a snapshot (header already read) into a KeyTable.
import { BUCKETS, BUCKET_TABLE_BYTES, pad4 } from './list-format.ts';
import { KeyTable, STRIDE, writeRecord } from './key-table.ts';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reads the file's columns (little-endian, see docs/reader-list-format.md) into interleaved records. */
export function snapshotTable(bytes: Uint8Array, headerBytes: number, count: number): KeyTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startsAt = headerBytes;
  const midAt = startsAt + BUCKET_TABLE_BYTES;
  const lowAt = midAt + count * 4;
  const valAt = lowAt + pad4(count * 2);
  const starts = new Uint32Array(BUCKETS + 1);
  for (let b = 0; b <= BUCKETS; b++) starts[b] = view.getUint32(startsAt + b * 4, true);
  const rec = new Uint16Array(count * STRIDE);
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset === 0) {
    // Typed views straight over the file: several times faster than DataView reads for 3 M entries.
    const mid = new Uint32Array(bytes.buffer, midAt, count);
    const low = new Uint16Array(bytes.buffer, lowAt, count);
    const val = new Uint32Array(bytes.buffer, valAt, count);
    for (let i = 0; i < count; i++) writeRecord(rec, i, mid[i]!, low[i]!, val[i]!);
    return new KeyTable(starts, rec);
  }
  for (let i = 0; i < count; i++) writeRecord(rec, i, view.getUint32(midAt + i * 4, true), view.getUint16(lowAt + i * 2, true), view.getUint32(valAt + i * 4, true));
  return new KeyTable(starts, rec);
}
