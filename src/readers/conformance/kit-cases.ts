// Every case of the conformance kit: a reader's provisioning and clock, the list files it is handed in order,
// whether it must accept or refuse each, and what it must decide for each card. Each says why it exists.
import { Decision } from '../../domain/decisions.ts';
import { CARDS, HOUR, MINUTE, T0 } from './kit-cards.ts';
import { LIST_100, LIST_100_LATER, LIST_100_POLICY_4, LIST_100_POLICY_5, LIST_101, LIST_102, LIST_102_POLICY_4, STALE, taps } from './kit-expect.ts';
import { crowdedTaps, sameBucketPair } from './kit-lists.ts';

export const CASE_KINDS = ['snapshot', 'delta', 'heartbeat', 'policy', 'unknown-policy', 'too-old', 'reordered', 'forged', 'truncated', 'revoked', 'other-root', 'hash-key', 'structure'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export type Load = 'accepted' | 'refused';

export interface KitCase {
  name: string;
  kind: CaseKind;
  why: string;
  /** Root key ids and hash key ids the reader is provisioned with, and revoked signing key ids it was told of. */
  reader: { roots: number[]; hashKeys: number[]; revoked: number[] };
  /** The reader's clock, ms since epoch. */
  now: number;
  files: string[];
  loads: Load[];
  taps: Array<[string, Decision]>;
}

const NOW = T0 + 5 * MINUTE;
const at = (iso: string) => Date.parse(iso);
const A = 'accepted', R = 'refused';
const READER = { roots: [1], hashKeys: [1], revoked: [] as number[] };

type Spec = Omit<KitCase, 'reader' | 'now'> & { reader?: Partial<KitCase['reader']>; now?: number };
const kase = (s: Spec): KitCase => ({ ...s, reader: { ...READER, ...s.reader }, now: s.now ?? NOW });

/** A file refused on its own: nothing held, every tap is a manual check. */
const refusedAlone = (kind: CaseKind, file: string, why: string, reader?: Spec['reader'], name = file.replace(/\.ykl$/, '')): KitCase =>
  kase({ name, kind, why, reader, files: [file], loads: [R], taps: taps(STALE) });

/** A delta refused on top of snapshot 100: the list stays as it was. */
const refusedOn100 = (kind: CaseKind, file: string, why: string): KitCase =>
  kase({ name: `s100-then-${file.replace(/\.ykl$/, '')}`, kind, why, files: ['s100.ykl', file], loads: [A, R], taps: taps(LIST_100) });

export function kitCases(): KitCase[] {
  const [pairA, pairB] = sameBucketPair();
  const crowded = crowdedTaps();
  const { PASS, NOT_UPGRADED, ABNORMAL, TEST_EXPIRED } = Decision;
  return [
    // Snapshots that load.
    kase({ name: 'no-list', kind: 'snapshot', why: 'a reader holding no list never passes anyone (DESIGN rule 4)', files: [], loads: [], taps: taps(STALE) }),
    kase({ name: 's100', kind: 'snapshot', why: 'the main list: every class of value (§2), card numbers of 16 to 20 digits, cards not in the list', files: ['s100.ykl'], loads: [A], taps: taps(LIST_100) }),
    kase({ name: 's100-empty', kind: 'snapshot', why: 'a list with no bindings loads; every card is NOT_UPGRADED', files: ['s100-empty.ykl'], loads: [A], taps: taps(LIST_100, Object.fromEntries(Object.keys(CARDS).map((c) => [c, NOT_UPGRADED]))) }),
    kase({ name: 's100-crowded', kind: 'snapshot', why: '3000 bindings: lookups in buckets holding several entries', files: ['s100-crowded.ykl'], loads: [A], taps: [[crowded[0]!, ABNORMAL], [crowded[1]!, PASS], [crowded[2]!, PASS], [crowded[3]!, PASS], [crowded[4]!, NOT_UPGRADED], [crowded[5]!, NOT_UPGRADED]] }),
    kase({ name: 's100-pair', kind: 'snapshot', why: 'two keys in one bucket: the lookup compares mid, then low', files: ['s100-pair.ykl'], loads: [A], taps: [[pairA, PASS], [pairB, PASS], [CARDS.green, NOT_UPGRADED]] }),
    kase({ name: 's100-then-s110', kind: 'snapshot', why: 'a snapshot of a higher version replaces the list', files: ['s100.ykl', 's110.ykl'], loads: [A, A], taps: taps(LIST_102) }),
    // Deltas and heartbeats.
    kase({ name: 's100-d101', kind: 'delta', why: 'a delta adds, changes and removes cards (§5)', files: ['s100.ykl', 'd101.ykl'], loads: [A, A], taps: taps(LIST_101) }),
    kase({ name: 's100-d101-d102', kind: 'delta', why: 'a chain of deltas; removing a key the list does not hold does nothing; the result equals snapshot 110', files: ['s100.ykl', 'd101.ykl', 'd102.ykl'], loads: [A, A, A], taps: taps(LIST_102) }),
    kase({ name: 'heartbeat-renews', kind: 'heartbeat', why: 'a heartbeat renews the list: 12 h after it (T0 + 23 h, policy 4 by then) the list is exactly at its maximum age and still decides', now: T0 + 23 * HOUR, files: ['s100.ykl', 'h100.ykl'], loads: [A, A], taps: taps(LIST_100_POLICY_4) }),
    kase({ name: 'heartbeat-ages', kind: 'heartbeat', why: 'one millisecond past 12 h after the heartbeat, the list is stale', now: T0 + 23 * HOUR + 1, files: ['s100.ykl', 'h100.ykl'], loads: [A, A], taps: taps(STALE) }),
    kase({ name: 'heartbeat-after-deltas', kind: 'heartbeat', why: 'a heartbeat of the version reached by deltas renews it', now: T0 + 22 * HOUR, files: ['s100.ykl', 'd101.ykl', 'd102.ykl', 'h102.ykl'], loads: [A, A, A, A], taps: taps(LIST_102_POLICY_4) }),
    kase({ name: 'heartbeat-of-another-version', kind: 'heartbeat', why: 'a heartbeat of version 100 does not apply to list 101', files: ['s100.ykl', 'd101.ykl', 'h100.ykl'], loads: [A, A, R], taps: taps(LIST_101) }),
    // The policy in the header, applied on the reader's clock.
    kase({ name: 'test-72h-before-end', kind: 'policy', why: "greenSoon's test (06-03 09:00) passes until 72 h later, exclusive", now: T0 + HOUR - 1, files: ['s100.ykl'], loads: [A], taps: taps(LIST_100) }),
    kase({ name: 'test-72h-at-end', kind: 'policy', why: 'at 72 h after the test, TEST_EXPIRED', now: T0 + HOUR, files: ['s100.ykl'], loads: [A], taps: taps(LIST_100_LATER) }),
    kase({ name: 'next-policy-before-start', kind: 'policy', why: 'policy 3 (72 h) applies until the next one starts: greenEdge (tested 06-04 23:00) passes', now: at('2022-06-06T23:59:59.999+08:00'), files: ['s100.ykl', 'h100-2300.ykl'], loads: [A, A], taps: taps(LIST_100_LATER) }),
    kase({ name: 'next-policy-at-start', kind: 'policy', why: 'policy 4 (48 h) applies from its start on the reader\'s own clock, with no new file', now: at('2022-06-07T00:00:00+08:00'), files: ['s100.ykl', 'h100-2300.ykl'], loads: [A, A], taps: taps(LIST_100_POLICY_4) }),
    kase({ name: 'test-48h-before-end', kind: 'policy', why: 'the worked example: green passes under policy 4 until 48 h after its test', now: at('2022-06-07T09:59:59.999+08:00'), files: ['s100.ykl', 'h100-0607.ykl'], loads: [A, A], taps: taps(LIST_100_POLICY_4) }),
    kase({ name: 'test-48h-at-end', kind: 'policy', why: 'the worked example: at 10:00 green is TEST_EXPIRED', now: at('2022-06-07T10:00:00+08:00'), files: ['s100.ykl', 'h100-0607.ykl'], loads: [A, A], taps: taps(LIST_100_POLICY_4, { green: TEST_EXPIRED }) }),
    kase({ name: 'policy-change', kind: 'policy', why: 'a policy change is a delta with no card changes; "no test needed" (FFFFFFFF) lets the colour alone decide', files: ['s100.ykl', 'p101-policy-5.ykl'], loads: [A, A], taps: taps(LIST_100_POLICY_5) }),
    // Policies a reader cannot apply: it loads the list and fails safe.
    kase({ name: 's100-unknown-rule', kind: 'unknown-policy', why: 'a policy of an unknown rule in force: LIST_STALE for every tap, never PASS (§3a)', files: ['s100-unknown-rule.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 's100-next-unknown-before', kind: 'unknown-policy', why: 'an unknown next policy changes nothing before it starts', now: T0 + 30 * MINUTE, files: ['s100-next-unknown.ykl'], loads: [A], taps: taps(LIST_100) }),
    kase({ name: 's100-next-unknown-after', kind: 'unknown-policy', why: 'once the unknown next policy starts, every tap is LIST_STALE', now: T0 + HOUR, files: ['s100-next-unknown.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 's100-colour-bit-4', kind: 'unknown-policy', why: 'a pass-colours bit above 3 is a colour this reader does not know', files: ['s100-colour-bit-4.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 's100-policy-reserved', kind: 'unknown-policy', why: 'a policy record with a reserved byte set is one this reader cannot apply', files: ['s100-policy-reserved.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 'policy-change-unknown-rule', kind: 'unknown-policy', why: 'a policy change to an unknown rule is applied, and fails safe', files: ['s100.ykl', 'p101-unknown-rule.ykl'], loads: [A, A], taps: taps(STALE) }),
    // Age of the list and the reader's clock.
    kase({ name: 'list-at-max-age', kind: 'too-old', why: 'exactly 12 h after its creation the list still decides', now: T0 + 12 * HOUR, files: ['s100.ykl'], loads: [A], taps: taps(LIST_100_LATER) }),
    kase({ name: 'list-past-max-age', kind: 'too-old', why: 'one millisecond later it is stale', now: T0 + 12 * HOUR + 1, files: ['s100.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 'clock-5-min-behind', kind: 'too-old', why: 'a reader clock up to 5 minutes behind the list is tolerated', now: T0 - 5 * MINUTE, files: ['s100.ykl'], loads: [A], taps: taps(LIST_100) }),
    kase({ name: 'clock-too-far-behind', kind: 'too-old', why: 'a reader clock more than 5 minutes behind the list gives LIST_STALE', now: T0 - 5 * MINUTE - 1, files: ['s100.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 's90-old', kind: 'too-old', why: 'a validly signed snapshot already older than its policy allows loads, and decides LIST_STALE', files: ['s90-old.ykl'], loads: [A], taps: taps(STALE) }),
    kase({ name: 'delta-aged-out', kind: 'too-old', why: 'a list reached by a delta ages from the delta: stale 12 h and 1 ms after delta 101 was made', now: T0 + MINUTE + 12 * HOUR + 1, files: ['s100.ykl', 'd101.ykl'], loads: [A, A], taps: taps(STALE) }),
    kase({ name: 'heartbeat-older-than-list', kind: 'too-old', why: "a list takes a heartbeat's created-at even when earlier: a list only ever looks older, never fresher", files: ['s100.ykl', 'h100-older.ykl'], loads: [A, A], taps: taps(STALE) }),
    // Files in the wrong order.
    kase({ name: 'delta-before-snapshot', kind: 'reordered', why: 'a delta with no list to apply to is refused; the snapshot after it loads', files: ['d101.ykl', 's100.ykl'], loads: [R, A], taps: taps(LIST_100) }),
    kase({ name: 'deltas-swapped', kind: 'reordered', why: 'delta 102 does not start at version 100 and is refused; delta 101 then applies', files: ['s100.ykl', 'd102.ykl', 'd101.ykl'], loads: [A, R, A], taps: taps(LIST_101) }),
    kase({ name: 'delta-replayed', kind: 'reordered', why: 'a delta applied twice: the second time it no longer starts at the current version', files: ['s100.ykl', 'd101.ykl', 'd102.ykl', 'd101.ykl'], loads: [A, A, A, R], taps: taps(LIST_102) }),
    kase({ name: 'delta-after-newer-snapshot', kind: 'reordered', why: 'a delta from 100 does not apply to snapshot 110', files: ['s110.ykl', 'd101.ykl'], loads: [A, R], taps: taps(LIST_102) }),
    kase({ name: 'snapshot-roll-back', kind: 'reordered', why: 'a reader never replaces its list by a snapshot of a lower version (§6, roll-back)', files: ['s100.ykl', 's90-old.ykl'], loads: [A, R], taps: taps(LIST_100) }),
    // Forged: changed after signing.
    refusedAlone('forged', 's100-forged-value.ykl', 'one value changed after signing: the signature fails'),
    refusedAlone('forged', 's100-forged-signature.ykl', 'one bit of the signature flipped'),
    refusedAlone('forged', 's100-forged-version.ykl', 'a header field changed after signing: the signature covers the header'),
    refusedOn100('forged', 'd101-forged-value.ykl', 'a delta changed after signing is refused and changes nothing'),
    kase({ name: 's100-then-h100-forged-time', kind: 'forged', why: 'a forged heartbeat does not renew the list', now: T0 + 13 * HOUR, files: ['s100.ykl', 'h100-forged-time.ykl'], loads: [A, R], taps: taps(STALE) }),
    kase({ name: 's100-by-3-then-h100-forged-revokes-3', kind: 'forged', why: 'a refused file teaches nothing: its revoked ids are not taken, the list signed by key 3 stays', files: ['s100-by-3.ykl', 'h100-forged-revokes-3.ykl'], loads: [A, R], taps: taps(LIST_100) }),
    refusedAlone('forged', 's100-cert-reserved.ykl', "a certificate's reserved bytes must be zero, even under a valid root signature (§6 step 2)"),
    refusedAlone('forged', 's100-cert-swapped-key.ykl', "a certificate whose public key was swapped: the root's signature no longer holds"),
    refusedAlone('forged', 's100-cert-other-id.ykl', "the certificate is for key 3 but the header names key 2 (§6 step 2)"),
    // Truncated or extended.
    refusedAlone('truncated', 'empty.ykl', 'a file of no bytes at all'),
    refusedAlone('truncated', 's100-cut-1.ykl', 'a snapshot one byte short'),
    refusedAlone('truncated', 's100-no-signature.ykl', 'the signature missing'),
    refusedAlone('truncated', 's100-header-only.ykl', 'a header with no body'),
    refusedAlone('truncated', 's100-plus-1.ykl', 'one byte too many: the length must be exact'),
    refusedOn100('truncated', 'd101-cut-12.ykl', 'a delta one upsert short'),
    kase({ name: 's100-then-h100-cut-1', kind: 'truncated', why: 'a truncated heartbeat does not renew the list', now: T0 + 13 * HOUR, files: ['s100.ykl', 'h100-cut-1.ykl'], loads: [A, R], taps: taps(STALE) }),
    // Revoked signing keys.
    refusedAlone('revoked', 's100-by-3.ykl', "key 3 is revoked in the reader's own set (from its enrolment or config)", { revoked: [3] }, 's100-by-3-revoked-in-config'),
    kase({ name: 's100-by-3', kind: 'revoked', why: 'key 3 is certified by root 1 and nobody said it is revoked: its list loads', files: ['s100-by-3.ykl'], loads: [A], taps: taps(LIST_100) }),
    kase({ name: 's100-by-3-then-d101-revokes-3', kind: 'revoked', why: 'a delta naming revoked the key that signed the list held is refused, and the list is dropped (§6)', files: ['s100-by-3.ykl', 'd101-revokes-3.ykl'], loads: [A, R], taps: taps(STALE) }),
    kase({ name: 's100-by-3-then-h100-revokes-3', kind: 'revoked', why: 'likewise a heartbeat: how every reader online learns of a revocation within 30 s', files: ['s100-by-3.ykl', 'h100-revokes-3.ykl'], loads: [A, R], taps: taps(STALE) }),
    kase({ name: 'dropped-list-then-s110', kind: 'revoked', why: 'after dropping its list, the reader loads a fresh snapshot signed by a good key', files: ['s100-by-3.ykl', 'h100-revokes-3.ykl', 's110.ykl'], loads: [A, R, A], taps: taps(LIST_102) }),
    kase({ name: 'dropped-list-keeps-revocation', kind: 'revoked', why: 'the file that made the reader drop its list was genuine: the key it names stays revoked, so its old snapshot cannot come back', files: ['s100-by-3.ykl', 'h100-revokes-3.ykl', 's100-by-3.ykl'], loads: [A, R, R], taps: taps(STALE) }),
    kase({ name: 'learned-revocation-refuses-delta', kind: 'revoked', why: 'a revocation learned from an accepted delta refuses what key 3 signs next', files: ['s100.ykl', 'd101-revokes-3.ykl', 'd102-by-3.ykl'], loads: [A, A, R], taps: taps(LIST_101) }),
    kase({ name: 'learned-revocation-refuses-snapshot', kind: 'revoked', why: 'a revocation learned from an accepted snapshot outlives it: a newer snapshot by key 3 is refused', files: ['s100-revokes-3.ykl', 's110-by-3.ykl'], loads: [A, R], taps: taps(LIST_100) }),
    kase({ name: 'config-revocation-refuses-delta', kind: 'revoked', why: 'a revocation the reader was provisioned with refuses a delta by key 3', reader: { revoked: [3] }, files: ['s100.ykl', 'd101.ykl', 'd102-by-3.ykl'], loads: [A, A, R], taps: taps(LIST_101) }),
    kase({ name: 'config-revocation-refuses-heartbeat', kind: 'revoked', why: 'a heartbeat by a revoked key does not renew the list', reader: { revoked: [3] }, now: T0 + 13 * HOUR, files: ['s100.ykl', 'h100-by-3.ykl'], loads: [A, R], taps: taps(STALE) }),
    refusedAlone('revoked', 's100-by-3-revokes-3.ykl', "a file naming its own signing key revoked (§6 step 3)"),
    refusedAlone('revoked', 's100-revokes-2.ykl', 'key 2 names itself revoked'),
    // Keys certified by another root.
    refusedAlone('other-root', 's100-root-9.ykl', 'key 4 is certified by root 9, which this reader was not provisioned with'),
    kase({ name: 's100-root-9-trusted', kind: 'other-root', why: 'a reader provisioned with roots 1 and 9 accepts a key root 9 certified', reader: { roots: [1, 9] }, files: ['s100-root-9.ykl'], loads: [A], taps: taps(LIST_100) }),
    refusedOn100('other-root', 'd101-root-9.ykl', 'a delta by a key of an untrusted root'),
    kase({ name: 's100-then-h100-root-9', kind: 'other-root', why: 'a heartbeat by a key of an untrusted root does not renew the list', now: T0 + 13 * HOUR, files: ['s100.ykl', 'h100-root-9.ykl'], loads: [A, R], taps: taps(STALE) }),
    refusedAlone('other-root', 's100-forged-cert.ykl', "key 5's certificate names root 1 but root 9 signed it: refused even by a reader that trusts root 9", { roots: [1, 9] }),
    // Hash keys.
    kase({ name: 's100-hash-2', kind: 'hash-key', why: 'a list under hash key 2: card keys are SipHash-1-3 under that key', reader: { hashKeys: [1, 2] }, files: ['s100-hash-2.ykl'], loads: [A], taps: taps(LIST_100) }),
    refusedAlone('hash-key', 's100-hash-2.ykl', 'a snapshot under a hash key the reader does not hold cannot be used', undefined, 's100-hash-2-not-held'),
    kase({ name: 's100-then-d101-hash-2', kind: 'hash-key', why: 'a delta never changes the hash key (§6)', reader: { hashKeys: [1, 2] }, files: ['s100.ykl', 'd101-hash-2.ykl'], loads: [A, R], taps: taps(LIST_100) }),
    // Structure: signed by the trusted key, refused by the checks of §3–§5.
    ...[
      ['s100-bad-magic.ykl', 'magic is not "YKTL"'],
      ['s100-format-1.ykl', 'format version 1 is gone'],
      ['s100-format-3.ykl', 'a format version this reader does not know'],
      ['s100-kind-3.ykl', 'kind is neither snapshot nor delta'],
      ['s100-header-length.ykl', 'header length is not 240 + 4K'],
      ['s100-bucket-bits-15.ykl', 'a snapshot has bucket bits 16'],
      ['s100-reserved-header.ykl', 'reserved header bytes are zero'],
      ['s100-revoked-unordered.ykl', 'revoked ids are strictly ascending'],
      ['s100-revoked-twice.ykl', 'revoked ids are strictly ascending: no id twice'],
      ['s100-from-99.ykl', "a snapshot's from version is 0"],
      ['s100-removals-1.ykl', "a snapshot's removals count is 0"],
      ['s100-policy-rule-0.ykl', 'a policy in force with rule 0 (no policy)'],
      ['s100-next-rule-0-set.ykl', 'a next-policy slot of rule 0 is all zero'],
      ['s100-class-8.ykl', 'classes 8 to 15 are reserved: the whole file is refused (§2)'],
      ['s100-lost-tested.ykl', 'a lost card carries no test minute (§2)'],
      ['s100-bucket-end.ykl', 'start[65536] = N'],
      ['s100-bucket-start.ykl', 'start[0] = 0'],
      ['s100-pair-unordered.ykl', 'entries strictly ascending within a bucket'],
      ['s100-pair-twice.ykl', 'entries strictly ascending: no key twice'],
    ].map(([file, why]) => refusedAlone('structure', file!, why!)),
    ...[
      ['d101-bucket-bits-16.ykl', 'a delta has bucket bits 0'],
      ['d101-backwards.ykl', "a delta's version is not below its from version"],
      ['h100-with-changes.ykl', 'a heartbeat (from = version) carries no changes'],
      ['d101-class-9.ykl', 'a reserved class in a delta'],
      ['d101-upserts-unordered.ykl', 'upserts strictly ascending'],
      ['d101-upsert-removed.ykl', 'no key both upserted and removed'],
    ].map(([file, why]) => refusedOn100('structure', file!, why!)),
    kase({ name: 's100-d101-then-d102-removals-unordered', kind: 'structure', why: 'removals strictly ascending', files: ['s100.ykl', 'd101.ykl', 'd102-removals-unordered.ykl'], loads: [A, A, R], taps: taps(LIST_101) }),
  ];
}
