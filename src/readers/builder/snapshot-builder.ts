// Builds a signed snapshot file: every bound card's key and value at one list version.
import { BUCKETS, BUCKET_TABLE_BYTES, Kind, expectedBytes, headerBytesFor, pad4, writeHeader, type ListHeader } from '../sdk/list-format.ts';
import { NO_POLICY, type ListPolicy } from '../sdk/list-policy.ts';
import { bucketOf, lowOf, midOf } from '../sdk/card-key.ts';
import { sortedCardKeys } from './card-key-sort.ts';
import { signInPlace, type ListSigningKey } from './signer.ts';

export interface ListMeta {
  /** Snapshot: its version. Delta: the version it leads to. */
  version: number;
  createdAtMs: number;
  /** The entry policy in force (listPolicy() of it), and the next one with its start, if one is published. */
  policy: ListPolicy;
  nextPolicy: ListPolicy | null;
  /** Signing key ids the operator revoked. */
  revokedKeyIds: readonly number[];
  hashKeyId: number;
  /** The 16-byte hash key of hashKeyId. */
  hashKey: Uint8Array;
}

/** The header fields a list file takes from its meta and signing key. */
export function headerOf(meta: ListMeta, key: ListSigningKey, file: Pick<ListHeader, 'kind' | 'fromVersion' | 'count' | 'removals'>): ListHeader {
  const revokedKeyIds = [...new Set(meta.revokedKeyIds)].sort((a, b) => a - b);
  return {
    ...file,
    version: meta.version,
    createdAtMs: meta.createdAtMs,
    hashKeyId: meta.hashKeyId,
    signKeyId: key.keyId,
    policy: meta.policy,
    nextPolicy: meta.nextPolicy ?? NO_POLICY,
    certificate: key.certificate,
    revokedKeyIds,
    headerBytes: headerBytesFor(revokedKeyIds.length),
  };
}

export interface SnapshotInput extends ListMeta {
  /** [card number, list value] — see listValue() in sdk/list-values.ts. A Map<string, number> fits. */
  entries: Iterable<readonly [string, number]>;
}

/**
 * @example
 * const bytes = buildSnapshot({ version: 7, createdAtMs: Date.now(), policy: listPolicy(DEFAULT_POLICY), nextPolicy: null,
 *   revokedKeyIds: [], hashKeyId: 1, hashKey, entries: new Map([['6214831234567890123', listValue('active', health)]]) }, signingKey);
 */
export function buildSnapshot(input: SnapshotInput, key: ListSigningKey): Uint8Array {
  const { hi, lo, val } = sortedCardKeys(input.hashKey, input.entries);
  const count = val.length;
  const header = headerOf(input, key, { kind: Kind.SNAPSHOT, fromVersion: 0, count, removals: 0 });
  const bytes = new Uint8Array(expectedBytes(header));
  const view = new DataView(bytes.buffer);
  writeHeader(bytes, header);

  const startsAt = header.headerBytes;
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
