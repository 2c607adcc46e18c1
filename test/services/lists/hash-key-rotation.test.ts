// The list hash key rotates on its own: at the end of each period the next list version is a snapshot under
// the new key, readers load it (and go on deciding), their taps link to the card under either key, and the
// config hands out the key in force and the next one, never an older one. A real server with a clock the
// test moves, and a reader built from the SDK.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Decision } from '../../../src/domain/decisions.ts';
import { ReaderList, TapQueue } from '../../../src/readers/sdk/index.ts';
import { ReaderSync } from '../../../src/readers/sdk/sync.ts';
import { enrolReader } from '../../../src/readers/sdk/enrol.ts';
import { ingestHealth } from '../../../src/services/feeds/health-feed.ts';
import { cardKeyOf, cardKeysOf } from '../../../src/services/feeds/taps.ts';
import { issueEnrolment } from '../../../src/services/operator/terminals.ts';
import { demoCard, demoDocument } from '../../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../../support/system.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CARD = demoCard(1);

describe('the list hash key rotating across a period boundary', () => {
  let sys: TestSystem;
  let sync: ReaderSync;
  let list: ReaderList;
  let queue: TapQueue;
  let credentials: string;

  const config = async () => (await call(sys.base, 'GET', '/api/v1/terminal/config', undefined, credentials)).body as { hashKeys: Array<{ keyId: number }> };
  async function green(serial: number): Promise<void> {
    const now = sys.ctx.clock();
    await ingestHealth(sys.ctx, [{ recordId: `rotation-${serial}`, document: demoDocument('passport'), colour: 'green', testedAt: now - HOUR, recordedAt: now }]);
  }
  async function tap(): Promise<string> {
    const at = sys.ctx.clock();
    const record = queue.recordTap(list, CARD, list.decide(CARD, at), at);
    await sync.drain();
    assert.equal(queue.pending, 0, 'uploaded');
    return record.tapId;
  }

  before(async () => {
    sys = await startSystem({ env: { YKT_LIST_KEY_ROTATION_DAYS: '1' } });
    const holder = await signIn(sys, 'kit', demoDocument('passport'));
    const made = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: CARD, medium: 'physical', agreementVersion: 1 }, holder);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await green(1);
    await sys.app.parts.publisher.poke();
    const { token } = await issueEnrolment(sys.ctx, { kind: 'metro-gate', line: 'Line 10', station: 'Guomao' }, 'test');
    const enrolment = await enrolReader({ baseUrl: sys.base, token });
    credentials = enrolment.credentials;
    list = new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds });
    queue = new TapQueue({ terminal: enrolment.terminalId, upload: (batch) => sync.upload(batch) });
    sync = new ReaderSync({ baseUrl: sys.base, credentials, list, queue, clock: () => sys.ctx.clock(), minBackoffMs: 50, maxBackoffMs: 300 });
    sync.start();
    await sync.until((s) => s.state === 'online' && s.list.version === sys.app.parts.publisher.version, 5_000);
  });
  after(async () => {
    await sync?.stop();
    await sys?.stop();
  });

  test('the reader loads the snapshot under the new key, keeps deciding, and its taps link to the card under both keys', { timeout: 30_000 }, async () => {
    const hashKeys = sys.ctx.keyRing.hashKeys;
    const before = hashKeys.idAt(sys.ctx.clock());
    assert.equal(list.hashKeyId, before);
    assert.deepEqual((await config()).hashKeys.map((k) => k.keyId), [before, before + 24], 'the key in force and the next, ids in hours');
    assert.equal(list.decide(CARD, sys.ctx.clock()), Decision.PASS);
    const tapBefore = await tap();
    const versionBefore = list.version;
    const resyncsBefore = sync.counters.resyncs;

    // Past the end of the period: the next build is a snapshot under the next key, pushed as a resync.
    sys.advance((before + 24) * HOUR + 60_000 - sys.ctx.clock());
    const after = hashKeys.idAt(sys.ctx.clock());
    assert.equal(after, before + 24);
    await green(2);
    await sys.app.parts.publisher.poke();
    await sync.until((s) => s.list.hashKeyId === after && s.list.version === sys.app.parts.publisher.version, 10_000);
    assert.ok(sync.counters.resyncs > resyncsBefore, 'told to resync on its push stream, long before a heartbeat');
    assert.equal(sync.counters.keyRefreshes, 0, 'the next key came with enrolment: nothing to fetch');
    assert.ok(sync.counters.snapshotsLoaded >= 2, 'a snapshot, not a delta, changed the key');
    assert.equal(list.decide(CARD, sys.ctx.clock()), Decision.PASS);
    assert.equal(list.decide(demoCard(9), sys.ctx.clock()), Decision.NOT_UPGRADED);
    assert.equal(sys.app.parts.publisher.list.decide(CARD, sys.ctx.clock()), Decision.PASS, 'online verification too');

    // A reader still at the version before finds no delta into the new key: its sync plan is the snapshot.
    const plan = await call(sys.base, 'GET', `/api/v1/terminal/lists/sync?from=${versionBefore}`, undefined, credentials);
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.notEqual(plan.body.snapshot, null);

    const tapAfter = await tap();
    const keys = cardKeysOf(sys.ctx, CARD);
    assert.ok(keys.includes(cardKeyOf(hashKeys.byId(before), CARD)) && keys.includes(cardKeyOf(hashKeys.byId(after), CARD)));
    const stored = await sys.ctx.store.taps.ofCardKeys(keys, 0, 10);
    assert.deepEqual(stored.map((t) => t.tapId).sort(), [tapBefore, tapAfter].sort());
    assert.notEqual(stored[0]!.cardKey, stored[1]!.cardKey, 'one card key under each hash key');

    // The config never hands out a key older than the one in force.
    assert.deepEqual((await config()).hashKeys.map((k) => k.keyId), [after, after + 24]);
  });

  test('a card key is linked only while taps are kept: keys older than the retention period are not computed', () => {
    const hashKeys = sys.ctx.keyRing.hashKeys;
    const now = sys.ctx.clock();
    const oldest = hashKeys.idAt(now - sys.ctx.config.tapRetentionMs);
    const keys = cardKeysOf(sys.ctx, CARD);
    assert.equal(keys.length, (hashKeys.idAt(now) - oldest) / 24 + 2, 'every key since the retention began, and the next');
    assert.ok(!keys.includes(cardKeyOf(hashKeys.byId(oldest - 24), CARD)));
    assert.equal(hashKeys.periodMs, DAY);
  });
});
