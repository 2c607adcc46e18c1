import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decision } from '../../src/domain/decisions.ts';
import { ReaderList } from '../../src/readers/sdk/index.ts';
import { generateRootKey, generateSigningKey, buildHeartbeat, listValue } from '../../src/readers/builder/index.ts';
import { HOUR, META, NOT_GREEN, NOW, OTHER_KEY, ROOT, SIGNING_KEY, card, delta, inHours, snapshot, trustingList } from './list-fixtures.ts';

const ENTRIES: Array<[string, number]> = [
  [card(1), inHours(24)], // passes for a day
  [card(2), inHours(-1)], // test expired an hour ago
  [card(3), NOT_GREEN], // code not green
  [card(4), listValue('lost', null)],
  [card(5), listValue('blocked', null)],
  [card(6), listValue('refunded', null)],
];

test('decides every outcome from a verified snapshot', async () => {
  const list = trustingList();
  assert.deepEqual(await list.loadSnapshot(snapshot(7, ENTRIES)), { ok: true, version: 7 });
  assert.equal(list.version, 7);
  assert.equal(list.size, 6);
  assert.equal(list.decide(card(1), NOW), Decision.PASS);
  assert.equal(list.decide(card(2), NOW), Decision.TEST_EXPIRED);
  assert.equal(list.decide(card(3), NOW), Decision.ABNORMAL);
  assert.equal(list.decide(card(4), NOW), Decision.CARD_LOST);
  assert.equal(list.decide(card(5), NOW), Decision.CARD_BLOCKED);
  assert.equal(list.decide(card(6), NOW), Decision.CARD_REFUNDED);
  assert.equal(list.decide(card(99), NOW), Decision.NOT_UPGRADED);
});

test('a test expires on the reader at pass-until without any new message', async () => {
  const list = trustingList();
  await list.loadSnapshot(snapshot(1, [[card(1), inHours(2)]]));
  assert.equal(list.decide(card(1), NOW + 2 * HOUR - 1000), Decision.PASS);
  assert.equal(list.decide(card(1), NOW + 2 * HOUR), Decision.TEST_EXPIRED);
});

test('answers LIST_STALE without a list, past the maximum list age, or with a clock far behind the list', async () => {
  const list = trustingList();
  assert.equal(list.decide(card(1), NOW), Decision.LIST_STALE);
  assert.equal(list.listAge(NOW), Infinity);
  await list.loadSnapshot(snapshot(1, [[card(1), inHours(100)]]));
  assert.equal(list.decide(card(1), NOW + 12 * HOUR), Decision.PASS);
  assert.equal(list.decide(card(1), NOW + 12 * HOUR + 1), Decision.LIST_STALE);
  assert.equal(list.decide(card(1), NOW - 4 * 60_000), Decision.PASS);
  assert.equal(list.decide(card(1), NOW - HOUR), Decision.LIST_STALE);
  assert.equal(list.decide(card(1), Number.NaN), Decision.LIST_STALE);
  assert.equal(list.listAge(NOW + 5000), 5000);
});

test('refuses a snapshot whose signing key another root certified, or under an unknown hash key', async () => {
  const list = trustingList();
  const foreign = generateSigningKey(1, generateRootKey(ROOT.keyId));
  assert.deepEqual(await list.loadSnapshot(snapshot(1, ENTRIES, {}, foreign)), { ok: false, reason: 'certificate not signed by the root' });
  assert.deepEqual(await list.loadSnapshot(snapshot(1, ENTRIES, {}, generateSigningKey(1, generateRootKey(7)))), { ok: false, reason: 'unknown root key' });
  assert.deepEqual(await list.loadSnapshot(snapshot(1, ENTRIES, { hashKeyId: 9 })), { ok: false, reason: 'unknown hash key' });
  assert.equal(list.decide(card(1), NOW), Decision.LIST_STALE);
});

test('refuses a snapshot signed by another private key under a genuine certificate', async () => {
  const impostor = { ...generateSigningKey(SIGNING_KEY.keyId, ROOT), certificate: SIGNING_KEY.certificate };
  const list = trustingList();
  assert.deepEqual(await list.loadSnapshot(snapshot(1, ENTRIES, {}, impostor)), { ok: false, reason: 'bad signature' });
});

test('trusts any signing key its root certified, so keys rotate without touching readers', async () => {
  const list = trustingList();
  assert.equal((await list.loadSnapshot(snapshot(1, ENTRIES))).ok, true);
  assert.equal((await list.applyDelta(delta(1, 2, [[card(9), inHours(5)]], [], {}, OTHER_KEY))).ok, true);
  assert.equal(list.decide(card(9), NOW), Decision.PASS);
});

test('refuses a snapshot older than the list it holds', async () => {
  const list = trustingList();
  await list.loadSnapshot(snapshot(5, ENTRIES));
  assert.deepEqual(await list.loadSnapshot(snapshot(4, [])), { ok: false, reason: 'older than the current list' });
  assert.equal(list.version, 5);
});

test('refuses a delta as a snapshot and a snapshot as a delta', async () => {
  const list = trustingList();
  assert.equal((await list.loadSnapshot(delta(0, 1, [], []))).ok, false);
  await list.loadSnapshot(snapshot(1, ENTRIES));
  assert.deepEqual(await list.applyDelta(snapshot(2, ENTRIES)), { ok: false, reason: 'not a delta' });
});

test('applies only the delta that starts at its current version', async () => {
  const list = trustingList();
  await list.loadSnapshot(snapshot(3, ENTRIES));
  assert.deepEqual(await list.applyDelta(delta(2, 4, [[card(1), NOT_GREEN]], [])), {
    ok: false,
    reason: 'delta does not start at the current version',
  });
  assert.equal(list.decide(card(1), NOW), Decision.PASS);
  assert.deepEqual(await list.applyDelta(delta(3, 4, [[card(1), NOT_GREEN]], [card(2)], { createdAtMs: NOW + HOUR })), { ok: true, version: 4 });
  assert.equal(list.decide(card(1), NOW + HOUR), Decision.ABNORMAL);
  assert.equal(list.decide(card(2), NOW + HOUR), Decision.NOT_UPGRADED);
  assert.equal(list.listAge(NOW + HOUR), 0);
  assert.equal(list.size, 5);
});

test('a heartbeat renews the list age without changing it', async () => {
  const list = trustingList();
  await list.loadSnapshot(snapshot(3, ENTRIES));
  assert.equal(list.decide(card(1), NOW + 13 * HOUR), Decision.LIST_STALE);
  const beat = buildHeartbeat({ ...META, version: 3, createdAtMs: NOW + 10 * HOUR }, SIGNING_KEY);
  assert.deepEqual(await list.applyDelta(beat), { ok: true, version: 3 });
  assert.equal(list.decide(card(1), NOW + 13 * HOUR), Decision.PASS);
});

test('a delta under another hash key is refused: rotating the hash key takes a snapshot', async () => {
  const other = new Uint8Array(16).fill(3);
  const list = trustingList({ hashKeys: new Map([[1, META.hashKey], [2, other]]) });
  await list.loadSnapshot(snapshot(1, ENTRIES));
  assert.equal((await list.applyDelta(delta(1, 2, [], [], { hashKeyId: 2, hashKey: other }))).ok, false);
  assert.equal((await list.loadSnapshot(snapshot(2, ENTRIES, { hashKeyId: 2, hashKey: other }))).ok, true);
  assert.equal(list.decide(card(1), NOW), Decision.PASS);
  assert.equal(list.hashKeyId, 2);
});

test('merges delta changes into its table once enough are pending, with the same decisions', async () => {
  const list = trustingList({ compactAt: 2 });
  await list.loadSnapshot(snapshot(1, ENTRIES));
  await list.applyDelta(delta(1, 2, [[card(10), inHours(1)]], [card(4)]));
  await list.applyDelta(delta(2, 3, [[card(11), NOT_GREEN], [card(1), inHours(-1)]], [card(10)]));
  assert.equal(list.decide(card(1), NOW), Decision.TEST_EXPIRED);
  assert.equal(list.decide(card(4), NOW), Decision.NOT_UPGRADED);
  assert.equal(list.decide(card(10), NOW), Decision.NOT_UPGRADED);
  assert.equal(list.decide(card(11), NOW), Decision.ABNORMAL);
  assert.equal(list.size, 6);
});

test('holds ten bytes per card plus a fixed header and bucket table', async () => {
  const entries = Array.from({ length: 20_000 }, (_, i) => [card(i), inHours(1)] as [string, number]);
  const bytes = snapshot(1, entries);
  assert.equal(bytes.length, 240 + 65537 * 4 + 20_000 * 10 + 64);
  const list = trustingList();
  await list.loadSnapshot(bytes);
  // In memory each record takes 10 bytes (interleaved for lookups), plus a tiny empty delta overlay.
  assert.ok(list.memoryBytes() >= 65537 * 4 + 20_000 * 10);
  assert.ok(list.memoryBytes() < 65537 * 4 + 20_000 * 10 + 1024);
});

test('gives a card key for tap records and never the card number', async () => {
  const list = new ReaderList({ rootKeys: new Map(), hashKeys: new Map([[1, META.hashKey]]) });
  const key = list.cardKey(card(1));
  assert.match(key!.cardKey, /^[0-9a-f]{16}$/);
  assert.equal(key!.hashKeyId, 1);
  assert.ok(!key!.cardKey.includes('6214'));
});
