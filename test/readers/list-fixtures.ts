// Shared by the reader tests: keys, a trusting ReaderList, and builders with sensible defaults.
import { buildDelta, buildSnapshot, generateRootKey, generateSigningKey, listPolicy, listValue, type ListSigningKey, type RootKey } from '../../src/readers/builder/index.ts';
import { ReaderList, type ReaderListOptions } from '../../src/readers/sdk/index.ts';
import { DEFAULT_POLICY } from '../../src/domain/entry-policy.ts';
import type { ListMeta } from '../../src/readers/builder/snapshot-builder.ts';

export const NOW = Date.parse('2022-06-06T08:00:00+08:00');
export const HOUR = 3_600_000;
export const HASH_KEY = new Uint8Array(16).map((_, i) => 0xa0 + i);
export const ROOT: RootKey = generateRootKey(1);
export const SIGNING_KEY: ListSigningKey = generateSigningKey(1, ROOT);
export const OTHER_KEY: ListSigningKey = generateSigningKey(2, ROOT);

/** Default list meta: the 72-hour policy (version 1) in force, no next policy, nothing revoked. */
export const META: Omit<ListMeta, 'version'> = {
  createdAtMs: NOW,
  policy: listPolicy(DEFAULT_POLICY),
  nextPolicy: null,
  revokedKeyIds: [],
  hashKeyId: 1,
  hashKey: HASH_KEY,
};

export function trustingList(extra: Partial<ReaderListOptions> = {}): ReaderList {
  return new ReaderList({
    rootKeys: new Map([[ROOT.keyId, ROOT.publicKeyRaw]]),
    hashKeys: new Map([[1, HASH_KEY]]),
    ...extra,
  });
}

export function snapshot(version: number, entries: Iterable<readonly [string, number]>, over: Partial<typeof META> = {}, key = SIGNING_KEY): Uint8Array {
  return buildSnapshot({ ...META, ...over, version, entries }, key);
}

export function delta(
  fromVersion: number,
  version: number,
  upserts: Iterable<readonly [string, number]>,
  removals: Iterable<string>,
  over: Partial<typeof META> = {},
  key = SIGNING_KEY,
): Uint8Array {
  return buildDelta({ ...META, ...over, fromVersion, version, upserts, removals }, key);
}

/** A 19-digit card number from a small integer, for readable tests. */
export function card(n: number): string {
  return `6214${String(n).padStart(15, '0')}`;
}

/**
 * The value of a green code whose negative test, under the default 72-hour policy, lets its holder pass until
 * `hours` from NOW (negative: expired that long ago).
 */
export function inHours(hours: number): number {
  const tested = NOW + (hours - 72) * HOUR;
  return listValue('active', { colour: 'green', testedAt: tested, recordedAt: Math.max(tested, NOW) });
}

/** A red code: bound, never passes under any policy that lets only green through. */
export const NOT_GREEN = listValue('active', { colour: 'red', testedAt: null, recordedAt: NOW });
