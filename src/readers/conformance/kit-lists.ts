// The well-formed list files of the conformance kit: the main list (version 100) and its deltas and
// heartbeats, later and older snapshots, lists signed by other keys, and lists whose policies a reader must
// apply or must fail safe on. kit-tampered.ts derives the broken files from these.
import { buildDelta, buildHeartbeat, buildSnapshot, listPolicy, listValue, type ListPolicy, type ListSigningKey } from '../builder/index.ts';
import type { ListMeta } from '../builder/snapshot-builder.ts';
import { PRESETS } from '../../domain/entry-policy.ts';
import { cardHasher } from '../sdk/siphash-wasm.ts';
import { CARDS, DELTA_101, DELTA_102, FACTS_100, HOUR, MINUTE, T0, facts102 } from './kit-cards.ts';
import { HASH_KEYS, OTHER_ROOT_SIGNER, FORGED_CERT_SIGNER, SIGNER, SIGNER_REVOKED } from './kit-keys.ts';

export interface KitFile {
  name: string;
  /** What the file is, for the manifest. */
  about: string;
  bytes: Uint8Array;
}

const at = (iso: string) => Date.parse(iso);

/** Policy 3: green only, a test within 72 h, lists at most 12 h old. */
export const POLICY_3 = listPolicy({ ...PRESETS.h72, version: 3, effectiveAt: at('2022-06-01T00:00:00+08:00') });
/** Policy 4, published to start 2022-06-07 00:00: the same with 48 h. */
export const POLICY_4 = listPolicy({ ...PRESETS.h48, version: 4, effectiveAt: at('2022-06-07T00:00:00+08:00') });
/** Policy 5: green or pop-up, no test needed. */
export const POLICY_5 = listPolicy({ ...PRESETS.h72, version: 5, passColours: ['green', 'popup'], maxTestAgeMs: null, effectiveAt: T0 });
/** A rule this version of the format does not define: readers must answer LIST_STALE while it applies. */
export const POLICY_UNKNOWN_RULE: ListPolicy = { ...POLICY_3, version: 6, rule: 2 };

export const META_100: ListMeta = {
  version: 100,
  createdAtMs: T0,
  policy: POLICY_3,
  nextPolicy: POLICY_4,
  revokedKeyIds: [],
  hashKeyId: 1,
  hashKey: HASH_KEYS[1],
};

export const snapshot100 = (over: Partial<ListMeta> = {}, key: ListSigningKey = SIGNER, entries: Iterable<readonly [string, number]> = FACTS_100) =>
  buildSnapshot({ ...META_100, ...over, entries }, key);

export const delta101 = (over: Partial<ListMeta> = {}, key: ListSigningKey = SIGNER) =>
  buildDelta({ ...META_100, version: 101, fromVersion: 100, createdAtMs: T0 + MINUTE, ...DELTA_101, ...over }, key);

export const delta102 = (over: Partial<ListMeta> = {}, key: ListSigningKey = SIGNER) =>
  buildDelta({ ...META_100, version: 102, fromVersion: 101, createdAtMs: T0 + 2 * MINUTE, ...DELTA_102, ...over }, key);

export const heartbeat = (version: number, createdAtMs: number, over: Partial<ListMeta> = {}, key: ListSigningKey = SIGNER) =>
  buildHeartbeat({ ...META_100, version, createdAtMs, ...over }, key);

/** A policy change: version 100 → 101 with no card changes, a new policy in force and no next one. */
const policyChange = (policy: ListPolicy) =>
  buildDelta({ ...META_100, version: 101, fromVersion: 100, createdAtMs: T0 + MINUTE, policy, nextPolicy: null, upserts: [], removals: [] }, SIGNER);

/** 3000 bound cards `6214831000000000000 + i`: most buckets hold one, dozens hold two or three. */
export function crowdedFacts(): Array<[string, number]> {
  const green = listValue('active', { colour: 'green', testedAt: T0 - HOUR, recordedAt: T0 - HOUR });
  const red = listValue('active', { colour: 'red', testedAt: null, recordedAt: T0 - HOUR });
  return Array.from({ length: 3000 }, (_, i) => [crowdedCard(i), i % 7 === 0 ? red : green]);
}

export const crowdedCard = (i: number) => String(6214831000000000000n + BigInt(i));

/**
 * Two card numbers whose keys under hash key 1 share a bucket (bits 63..48), ascending by key: the first pair
 * found counting up from 6214832000000000000. A snapshot of them is where an entry order or a duplicate
 * within one bucket can be planted.
 */
export function sameBucketPair(): [string, string] {
  const hasher = cardHasher(HASH_KEYS[1]);
  const seen = new Map<number, { card: string; hi: number; lo: number }>();
  for (let n = 6214832000000000000n; ; n++) {
    const card = String(n);
    hasher.hash(card);
    const [hi, lo] = [hasher.out[0]!, hasher.out[1]!];
    const other = seen.get(hi >>> 16);
    if (other !== undefined) {
      const otherFirst = other.hi < hi || (other.hi === hi && other.lo < lo);
      return otherFirst ? [other.card, card] : [card, other.card];
    }
    seen.set(hi >>> 16, { card, hi, lo });
  }
}

export function wellFormedFiles(): KitFile[] {
  const [pairA, pairB] = sameBucketPair();
  const green = listValue('active', { colour: 'green', testedAt: T0 - HOUR, recordedAt: T0 - HOUR });
  return [
    { name: 's100.ykl', about: 'snapshot 100, the main list, made at T0 (2022-06-06 08:00 +08:00); policy 3 in force, policy 4 from 06-07 00:00', bytes: snapshot100() },
    { name: 's100-empty.ykl', about: 'snapshot 100 with no bindings', bytes: snapshot100({}, SIGNER, []) },
    { name: 's100-crowded.ykl', about: 'snapshot 100 of 3000 cards 6214831000000000000 + i (every 7th red, the rest green tested T0 − 1 h)', bytes: snapshot100({}, SIGNER, crowdedFacts()) },
    { name: 's100-pair.ykl', about: `snapshot 100 of two green cards whose keys share a bucket: ${pairA}, ${pairB}`, bytes: snapshot100({}, SIGNER, [[pairA, green], [pairB, green]]) },
    { name: 's110.ykl', about: 'snapshot 110 made at T0 + 3 min: the cards of version 102 (snapshot 100 and deltas 101, 102)', bytes: snapshot100({ version: 110, createdAtMs: T0 + 3 * MINUTE }, SIGNER, facts102()) },
    { name: 's90-old.ykl', about: 'snapshot 90 made at T0 − 13 h: older than policy 3 allows at T0', bytes: snapshot100({ version: 90, createdAtMs: T0 - 13 * HOUR }) },
    { name: 'd101.ykl', about: 'delta 100 → 101 at T0 + 1 min: newcomer bound (green, tested 06-06 07:00), red turns green with that test, blocked unbound', bytes: delta101() },
    { name: 'd102.ykl', about: 'delta 101 → 102 at T0 + 2 min: newcomer turns yellow, greenOld unbound, a never-bound card removed', bytes: delta102() },
    { name: 'h100.ykl', about: 'heartbeat 100 at T0 + 11 h', bytes: heartbeat(100, T0 + 11 * HOUR) },
    { name: 'h100-2300.ykl', about: 'heartbeat 100 at 2022-06-06 23:00 +08:00', bytes: heartbeat(100, at('2022-06-06T23:00:00+08:00')) },
    { name: 'h100-0607.ykl', about: 'heartbeat 100 at 2022-06-07 08:00 +08:00', bytes: heartbeat(100, at('2022-06-07T08:00:00+08:00')) },
    { name: 'h100-older.ykl', about: 'heartbeat 100 made at T0 − 13 h, before the snapshot it renews', bytes: heartbeat(100, T0 - 13 * HOUR) },
    { name: 'h102.ykl', about: 'heartbeat 102 at T0 + 11 h', bytes: heartbeat(102, T0 + 11 * HOUR) },
    { name: 'p101-policy-5.ykl', about: 'policy change 100 → 101 at T0 + 1 min: policy 5 (green or pop-up, no test needed) in force, no next policy', bytes: policyChange(POLICY_5) },
    { name: 'p101-unknown-rule.ykl', about: 'policy change 100 → 101 at T0 + 1 min: a policy of rule 2 in force', bytes: policyChange(POLICY_UNKNOWN_RULE) },
    { name: 's100-unknown-rule.ykl', about: 'snapshot 100 whose policy in force has rule 2', bytes: snapshot100({ policy: { ...POLICY_3, rule: 2 } }) },
    { name: 's100-next-unknown.ykl', about: 'snapshot 100 whose next policy (rule 2) starts at T0 + 1 h', bytes: snapshot100({ nextPolicy: { ...POLICY_UNKNOWN_RULE, effectiveAtMs: T0 + HOUR } }) },
    { name: 's100-colour-bit-4.ykl', about: 'snapshot 100 whose policy in force sets pass-colours bit 4', bytes: snapshot100({ policy: { ...POLICY_3, passColourMask: 0x11 } }) },
    { name: 's100-hash-2.ykl', about: 'snapshot 100 under hash key 2', bytes: snapshot100({ hashKeyId: 2, hashKey: HASH_KEYS[2] }) },
    { name: 'd101-hash-2.ykl', about: 'delta 100 → 101 under hash key 2', bytes: delta101({ hashKeyId: 2, hashKey: HASH_KEYS[2] }) },
    { name: 's100-revokes-3.ykl', about: 'snapshot 100 naming signing key 3 revoked', bytes: snapshot100({ revokedKeyIds: [3] }) },
    { name: 's100-by-3.ykl', about: 'snapshot 100 signed by key 3 (certified by root 1)', bytes: snapshot100({}, SIGNER_REVOKED) },
    { name: 's110-by-3.ykl', about: 'snapshot 110 signed by key 3', bytes: snapshot100({ version: 110, createdAtMs: T0 + 3 * MINUTE }, SIGNER_REVOKED, facts102()) },
    { name: 'd101-revokes-3.ykl', about: 'delta 100 → 101 signed by key 2, naming key 3 revoked', bytes: delta101({ revokedKeyIds: [3] }) },
    { name: 'h100-revokes-3.ykl', about: 'heartbeat 100 at T0 + 1 min signed by key 2, naming key 3 revoked', bytes: heartbeat(100, T0 + MINUTE, { revokedKeyIds: [3] }) },
    { name: 'h100-by-3.ykl', about: 'heartbeat 100 at T0 + 11 h signed by key 3', bytes: heartbeat(100, T0 + 11 * HOUR, {}, SIGNER_REVOKED) },
    { name: 'h100-root-9.ykl', about: 'heartbeat 100 at T0 + 11 h signed by key 4, which root 9 certified', bytes: heartbeat(100, T0 + 11 * HOUR, {}, OTHER_ROOT_SIGNER) },
    { name: 'd102-by-3.ykl', about: 'delta 101 → 102 signed by key 3', bytes: delta102({}, SIGNER_REVOKED) },
    { name: 's100-by-3-revokes-3.ykl', about: 'snapshot 100 signed by key 3, naming key 3 revoked', bytes: snapshot100({ revokedKeyIds: [3] }, SIGNER_REVOKED) },
    { name: 's100-revokes-2.ykl', about: 'snapshot 100 signed by key 2, naming key 2 revoked', bytes: snapshot100({ revokedKeyIds: [2] }) },
    { name: 's100-root-9.ykl', about: 'snapshot 100 signed by key 4, which root 9 certified', bytes: snapshot100({}, OTHER_ROOT_SIGNER) },
    { name: 'd101-root-9.ykl', about: 'delta 100 → 101 signed by key 4, which root 9 certified', bytes: delta101({}, OTHER_ROOT_SIGNER) },
    { name: 's100-forged-cert.ykl', about: 'snapshot 100 signed by key 5, whose certificate names root 1 but root 9 signed', bytes: snapshot100({}, FORGED_CERT_SIGNER) },
  ];
}

/** Card numbers the crowded snapshot binds (a few) and does not (a few), for the taps of its case. */
export const crowdedTaps = () => [crowdedCard(0), crowdedCard(1), crowdedCard(1234), crowdedCard(2999), crowdedCard(3000), CARDS.green];
