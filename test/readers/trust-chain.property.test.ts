// The reader's trust chain and its policy, tried as an attacker would: signing keys another root certified,
// keys the operator revoked, keys a compromised config endpoint serves, and policies the reader does not
// know. Whatever the attacker signs, no tap decides PASS on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Decision } from '../../src/domain/decisions.ts';
import { PRESETS } from '../../src/domain/entry-policy.ts';
import { buildHeartbeat, certifySigningKey, generateRootKey, generateSigningKey, listPolicy, type ListSigningKey } from '../../src/readers/builder/index.ts';
import { ReaderSync } from '../../src/readers/sdk/index.ts';
import { Offset } from '../../src/readers/sdk/list-format.ts';
import { signInPlaceForTest } from './resign.ts';
import { HASH_KEY, HOUR, META, NOT_GREEN, NOW, ROOT, SIGNING_KEY, card, delta, inHours, snapshot, trustingList } from './list-fixtures.ts';

const CARDS = Array.from({ length: 8 }, (_, i) => card(i));
/** What the attacker wants: every card passing for days. */
const ALL_PASS = CARDS.map((c) => [c, inHours(48)] as [string, number]);
/** What the operator published: nobody passes. */
const HONEST = CARDS.map((c) => [c, NOT_GREEN] as [string, number]);
const times = [NOW, NOW + HOUR, NOW + 10 * HOUR];

function passes(list: ReturnType<typeof trustingList>): number {
  return times.reduce((n, t) => n + CARDS.filter((c) => list.decide(c, t) === Decision.PASS).length, 0);
}

/** A signing key as an attacker can make one: under any key id, certified by a root of their own (any root id). */
const foreignKey = fc.record({ keyId: fc.integer({ min: 1, max: 0xffff_ffff }), rootId: fc.integer({ min: 1, max: 0xffff_ffff }) }).map(({ keyId, rootId }) => generateSigningKey(keyId, generateRootKey(rootId)));

test('a signing key another root certified never yields a PASS, as a snapshot or as a delta', async () => {
  await fc.assert(
    fc.asyncProperty(foreignKey, fc.boolean(), async (key, onTopOfHonest) => {
      const list = trustingList();
      if (onTopOfHonest) assert.equal((await list.loadSnapshot(snapshot(1, HONEST))).ok, true);
      assert.equal((await list.loadSnapshot(snapshot(2, ALL_PASS, {}, key))).ok, false);
      assert.equal((await list.applyDelta(delta(1, 2, ALL_PASS, [], {}, key))).ok, false);
      assert.equal(passes(list), 0);
    }),
    { numRuns: 40 },
  );
});

test('a key whose certificate was copied from a genuine one, or altered, never yields a PASS', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: 111 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
      const list = trustingList();
      // The genuine certificate of key 1 with the attacker's own private key behind it.
      const borrowed: ListSigningKey = { ...generateSigningKey(SIGNING_KEY.keyId, ROOT), certificate: SIGNING_KEY.certificate };
      assert.equal((await list.loadSnapshot(snapshot(1, ALL_PASS, {}, borrowed))).ok, false);
      // A genuine key's certificate with one byte changed (key id, root id, public key or signature), file signed again.
      const bytes = snapshot(1, ALL_PASS);
      bytes[Offset.CERTIFICATE + at]! ^= xor;
      signInPlaceForTest(bytes);
      assert.equal((await list.loadSnapshot(bytes)).ok, false);
      assert.equal(passes(list), 0);
    }),
    { numRuns: 60 },
  );
});

test('a revoked key never yields a PASS once any accepted list named it, and a list it signed is dropped', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 2, max: 1000 }), fc.boolean(), async (revokedId, learnByConfig) => {
      const leaked = generateSigningKey(revokedId, ROOT);
      const list = trustingList();
      // Part of what the reader holds was signed by the key before it leaked.
      assert.equal((await list.loadSnapshot(snapshot(1, HONEST))).ok, true);
      assert.equal((await list.applyDelta(delta(1, 2, [[CARDS[0]!, inHours(5)]], [], {}, leaked))).ok, true);
      if (learnByConfig) {
        // The reader's config names it revoked: the list it helped make is dropped too.
        list.trustKeys({ hashKeys: new Map(), revokedKeyIds: [revokedId] });
        assert.equal(list.version, 0);
        assert.equal((await list.loadSnapshot(snapshot(3, HONEST))).ok, true);
      } else {
        // The operator's next genuine file names it revoked: the list it helped make is dropped.
        const beat = buildHeartbeat({ ...META, version: 2, createdAtMs: NOW + 60_000, revokedKeyIds: [revokedId] }, SIGNING_KEY);
        assert.deepEqual(await list.applyDelta(beat), { ok: false, reason: 'the current list was signed by a revoked key' });
        assert.equal(passes(list), 0);
        assert.equal((await list.loadSnapshot(snapshot(3, HONEST, { revokedKeyIds: [revokedId] }))).ok, true);
      }
      // Whatever the leaked key signs now, with its genuine certificate, is refused.
      assert.equal((await list.loadSnapshot(snapshot(9, ALL_PASS, {}, leaked))).ok, false);
      assert.equal((await list.applyDelta(delta(list.version, list.version + 1, ALL_PASS, [], {}, leaked))).ok, false);
      assert.equal(passes(list), 0);
    }),
    { numRuns: 25 },
  );
});

test('a policy the reader does not know (rule, colour bits or reserved bytes) never yields a PASS', async () => {
  const unknown = fc.oneof(
    fc.record({ field: fc.constant(4), value: fc.integer({ min: 0, max: 255 }).filter((v) => v !== 1) }), // the rule
    fc.record({ field: fc.constant(5), value: fc.integer({ min: 16, max: 255 }) }), // colour bits past red
    fc.record({ field: fc.integer({ min: 24, max: 31 }), value: fc.integer({ min: 1, max: 255 }) }), // reserved
    fc.record({ field: fc.constantFrom(6, 7), value: fc.integer({ min: 1, max: 255 }) }), // reserved
  );
  await fc.assert(
    fc.asyncProperty(unknown, fc.boolean(), async ({ field, value }, asNext) => {
      const list = trustingList();
      const next = asNext ? { ...listPolicy({ ...PRESETS.h48, version: 2, effectiveAt: NOW + HOUR }) } : null;
      const bytes = snapshot(1, ALL_PASS, { nextPolicy: next });
      bytes[(asNext ? Offset.NEXT_POLICY : Offset.POLICY) + field] = value;
      signInPlaceForTest(bytes);
      const loaded = await list.loadSnapshot(bytes);
      if (loaded.ok) {
        // Loaded (the file is sound): taps under the unknown policy are manual checks.
        for (const c of CARDS) {
          const at = asNext ? NOW + 2 * HOUR : NOW;
          assert.equal(list.decide(c, at), Decision.LIST_STALE);
        }
      }
      if (!asNext) assert.equal(passes(list), 0);
    }),
    { numRuns: 80 },
  );
});

test('the reader switches to the next policy at its start, on its own clock, with no new list', async () => {
  const list = trustingList();
  const start = NOW + 2 * HOUR;
  const next = listPolicy({ ...PRESETS.h48, version: 2, effectiveAt: start });
  // Tested 60 hours before NOW: passes under 72 hours until NOW + 12 h, under 48 hours not at all.
  assert.equal((await list.loadSnapshot(snapshot(1, [[CARDS[0]!, inHours(12)]], { nextPolicy: next }))).ok, true);
  assert.equal(list.decide(CARDS[0]!, start - 1), Decision.PASS);
  assert.equal(list.policyVersion(start - 1), 1);
  assert.equal(list.decide(CARDS[0]!, start), Decision.TEST_EXPIRED);
  assert.equal(list.policyVersion(start), 2);
});

test('a compromised config endpoint cannot make a reader trust its signing key', async () => {
  // The attacker controls the server: its config serves their key as a "public key" and a hash key, and its
  // sync plan a snapshot they signed, with a certificate from a root of their own under the operator's root id.
  const attackerRoot = generateRootKey(ROOT.keyId);
  const key = generateSigningKey(1, attackerRoot);
  const selfCertified: ListSigningKey = { ...key, certificate: certifySigningKey(attackerRoot, 1, key.publicKeyRaw) };
  const forged = snapshot(5, ALL_PASS, { hashKeyId: 9, hashKey: HASH_KEY }, selfCertified);
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    res.setHeader('content-type', 'application/json');
    if (url.startsWith('/api/v1/terminal/config')) {
      return res.end(JSON.stringify({ publicKeys: [{ keyId: 1, key: b64(key.publicKeyRaw) }], rootKeys: [{ keyId: ROOT.keyId, key: b64(attackerRoot.publicKeyRaw) }], hashKeys: [{ keyId: 9, key: b64(HASH_KEY) }], revokedKeyIds: [] }));
    }
    if (url.startsWith('/api/v1/terminal/lists/sync')) return res.end(JSON.stringify({ version: 5, snapshot: '/api/v1/terminal/lists/snapshot/5', deltas: [] }));
    if (url.startsWith('/api/v1/terminal/lists/snapshot/5')) {
      res.setHeader('content-type', 'application/octet-stream');
      return res.end(Buffer.from(forged));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const list = trustingList({ hashKeys: new Map() });
  const sync = new ReaderSync({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: 't.s', list, minBackoffMs: 20, maxBackoffMs: 50 });
  try {
    sync.start();
    await sync.until((s) => s.counters.failures >= 2, 5_000);
    assert.ok(sync.counters.keyRefreshes >= 1, 'it asked the config for the unknown hash key');
    assert.match(sync.counters.lastError ?? '', /certificate not signed by the root/);
    assert.equal(list.version, 0);
    assert.equal(passes(list), 0);
  } finally {
    await sync.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
