// Builds a signed snapshot file: every bound card's key and value at one list version.
import {
  BUCKETS,
  BUCKET_TABLE_BYTES,
  HEADER_BYTES,
  Kind,
  expectedBytes,
  pad4,
  writeHeader,
} from '../sdk/list-format.ts';
import { bucketOf, lowOf, midOf } from '../sdk/card-key.ts';
import { sortedCardKeys } from './card-key-sort.ts';
import { signInPlace, type ListSigningKey } from './signer.ts';

export interface ListMeta {
  /** Snapshot: its version. Delta: the version it leads to. */
  version: number;
  createdAtMs: number;
  policyVersion: number;
  /** From the entry policy; stored in whole seconds. */
  maxListAgeMs: number;
  hashKeyId: number;
  /** The 16-byte hash key of hashKeyId. */
  hashKey: Uint8Array;
}

export interface SnapshotInput extends ListMeta {
  /** [card number, list value] — see listValue() in sdk/list-values.ts. A Map<string, number> fits. */
  entries: Iterable<readonly [string, number]>;
}

/**
 * @example
 * const bytes = buildSnapshot({ version: 7, createdAtMs: Date.now(), policyVersion: 1, maxListAgeMs: 43_200_000,
 *   hashKeyId: 1, hashKey, entries: new Map([['6214831234567890123', listValue('active', passUntilMs)]]) }, signingKey);
 */
export function buildSnapshot(input: SnapshotInput, key: ListSigningKey): Uint8Array {
  const { hi, lo, val } = sortedCardKeys(input.hashKey, input.entries);
  const count = val.length;
  const bytes = new Uint8Array(expectedBytes({ kind: Kind.SNAPSHOT, count, removals: 0 }));
  const view = new DataView(bytes.buffer);
  writeHeader(view, { ...input, kind: Kind.SNAPSHOT, fromVersion: 0, signKeyId: key.keyId, count, removals: 0 });

  const startsAt = HEADER_BYTES;
  const midAt = startsAt + BUCKET_TABLE_BYTES;
  const lowAt = midAt + count * 4;
  const valAt = lowAt + pad4(count * 2);
  const starts = new Uint32Array(BUCKETS + 1);
  for (let i = 0; i < count; i++) starts[bucketOf(hi[i]!) + 1]!++;
  for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
  for (let b = 0; b <= BUCKETS; b++) view.setUint32(startsAt + b * 4, starts[b]!, true);
  for (let i = 0; i < count; i++) {
    view.setUint32(midAt + i * 4, midOf(hi[i]!, lo[i]!), true);
    view.setUint16(lowAt + i * 2, lowOf(lo[i]!), true);
    view.setUint32(valAt + i * 4, val[i]!, true);
  }
  signInPlace(bytes, key);
  return bytes;
}
