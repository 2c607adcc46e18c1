// Shared by the reader tests: keys, a trusting ReaderList, and builders with sensible defaults.
import { buildDelta, buildSnapshot, generateSigningKey, type ListSigningKey } from '../../src/readers/builder/index.ts';
import { ReaderList, type ReaderListOptions } from '../../src/readers/sdk/index.ts';

export const NOW = Date.parse('2022-06-06T08:00:00+08:00');
export const HOUR = 3_600_000;
export const HASH_KEY = new Uint8Array(16).map((_, i) => 0xa0 + i);
export const SIGNING_KEY: ListSigningKey = generateSigningKey(1);
export const OTHER_KEY: ListSigningKey = generateSigningKey(2);

export const META = {
  createdAtMs: NOW,
  policyVersion: 1,
  maxListAgeMs: 12 * HOUR,
  hashKeyId: 1,
  hashKey: HASH_KEY,
};

export function trustingList(extra: Partial<ReaderListOptions> = {}): ReaderList {
  return new ReaderList({
    publicKeys: new Map([[SIGNING_KEY.keyId, SIGNING_KEY.publicKeyRaw]]),
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

/** Seconds value for a pass-until `hours` from NOW. */
export function inHours(hours: number): number {
  return Math.floor((NOW + hours * HOUR) / 1000);
}
