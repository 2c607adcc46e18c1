// The whole tap story over real HTTP: a card is upgraded, the health authority feeds records through the
// signed webhook, and a reader built from the SDK (list + sync + tap queue) decides taps locally while the
// server pushes it each change; online verify agrees with it at every step.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Decision } from '../../src/domain/decisions.ts';
import { signHealthBatch } from '../../src/http/health-feed.ts';
import { ReaderList, TapQueue } from '../../src/readers/sdk/index.ts';
import { ReaderSync } from '../../src/readers/sdk/sync.ts';
import { enrolReader } from '../../src/readers/sdk/enrol.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { cardKeysOf } from '../../src/services/feeds/taps.ts';
import { assertCoded, demoCard, demoDocument } from '../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CARD = demoCard(1);
const PASSPORT = demoDocument('passport');

/** A fetch the test can cut: while cut, every request fails and open streams are torn down. */
function cuttableFetch() {
  let cut = false;
  const open = new Set<AbortController>();
  const wrapped: typeof fetch = (input, init) => {
    if (cut) return Promise.reject(new TypeError('network unreachable (cut by the test)'));
    const controller = new AbortController();
    init?.signal?.addEventListener('abort', () => controller.abort(init.signal!.reason));
    open.add(controller);
    // Kept until the cut: a stream's body outlives the response promise.
    return fetch(input, { ...init, signal: controller.signal });
  };
  return {
    fetch: wrapped,
    cutOff() {
      cut = true;
      for (const c of open) c.abort(new TypeError('network unreachable (cut by the test)'));
      open.clear();
    },
    restore() {
      cut = false;
    },
  };
}

describe('a tap of an upgraded card, end to end over HTTP', () => {
  let sys: TestSystem;
  let reader: { list: ReaderList; sync: ReaderSync; queue: TapQueue; terminalId: string; credentials: string };
  let network: ReturnType<typeof cuttableFetch>;
  let bindingId: number;
  let recordSerial = 0;
  const tapIds: string[] = [];

  const now = () => sys.ctx.clock();

  /** POSTs a batch to the webhook, signed with the feed key unless told otherwise. */
  async function feed(records: object[], signing: 'signed' | 'unsigned' | 'wrong-key' = 'signed') {
    const body = JSON.stringify({ records });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signing === 'signed') headers['x-ykt-signature'] = signHealthBatch(sys.ctx.secrets.healthFeedKey, body, now());
    if (signing === 'wrong-key') headers['x-ykt-signature'] = signHealthBatch(Buffer.alloc(32, 7), body, now());
    const response = await fetch(`${sys.base}/api/v1/health-feed/records`, { method: 'POST', headers, body });
    return { status: response.status, body: await response.json() };
  }

  function record(colour: string, testedAt: number | null, recordedAt = now() + ++recordSerial) {
    return { recordId: `e2e-${recordSerial}-${colour}`, document: PASSPORT, colour, testedAt: testedAt === null ? null : new Date(testedAt).toISOString(), recordedAt: new Date(recordedAt).toISOString() };
  }

  async function operatorToken(): Promise<string> {
    const operator = DEMO_STAFF.find((s) => s.role === 'operator')!;
    const session = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: operator.username, password: operator.password });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    return session.body.token;
  }

  function tap(): Decision {
    const at = now();
    const decision = reader.list.decide(CARD, at);
    tapIds.push(reader.queue.recordTap(reader.list, CARD, decision, at).tapId);
    return decision;
  }

  async function verify(): Promise<string> {
    const answer = await call(sys.base, 'POST', '/api/v1/terminal/verify', { cardNumber: CARD }, reader.credentials);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.decision;
  }

  /** Waits until the reader decides `expected` for the card, and returns how long that took. */
  async function readerDecides(expected: Decision, withinMs: number): Promise<number> {
    const started = Date.now();
    await reader.sync.until((s) => s.list.decide(CARD, now()) === expected, withinMs);
    return Date.now() - started;
  }

  before(async () => {
    sys = await startSystem();
    // The clock passes 72 h below with nothing to reach the reader: that must not cross the start of a hash
    // key period (a new key is a new list, a snapshot). Start just after one, so the week ahead is one period.
    const { periodMs } = sys.ctx.keyRing.hashKeys;
    sys.advance(periodMs - (sys.ctx.clock() % periodMs) + 60_000);
    // Lists stay valid for a week here, so the clock can pass 72 h with no message at all to the reader.
    const policy = await call(sys.base, 'POST', '/api/v1/admin/policies', { version: 2, passColours: ['green'], maxTestAgeHours: 72, maxListAgeMinutes: 7 * 24 * 60, reason: 'a week-long list' }, await operatorToken());
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
  });

  after(async () => {
    await reader?.sync.stop();
    await sys.stop();
  });

  test('a holder upgrades a card and the authority feeds a green code with a fresh negative test', async () => {
    const holder = await signIn(sys, 'kit', PASSPORT);
    const made = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: CARD, medium: 'physical', agreementVersion: 1 }, holder);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    bindingId = made.body.card.id;
    const fed = await feed([record('green', now() - HOUR)]);
    assert.equal(fed.status, 200, JSON.stringify(fed.body));
    assert.deepEqual(fed.body, { stored: 1, superseded: 0, rejected: [] });
    await sys.app.parts.publisher.poke();
  });

  test('a reader enrolled with an operator-issued token syncs and the tap passes, as online verify says', { timeout: 10_000 }, async () => {
    const issued = await call(sys.base, 'POST', '/api/v1/admin/terminals/enrolments', { kind: 'metro-gate', line: 'Line 1', station: 'Tian\'anmen East' }, await operatorToken());
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    network = cuttableFetch();
    const enrolment = await enrolReader({ baseUrl: sys.base, token: issued.body.token, softwareVersion: 'e2e/1' });
    const list = new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds });
    const queue = new TapQueue({ terminal: enrolment.terminalId, upload: (batch) => sync.upload(batch) });
    const sync: ReaderSync = new ReaderSync({
      baseUrl: sys.base,
      credentials: enrolment.credentials,
      list,
      queue,
      softwareVersion: 'e2e/1',
      clock: now,
      fetch: network.fetch,
      minBackoffMs: 50,
      maxBackoffMs: 200,
      drainIntervalMs: 100,
    });
    reader = { list, sync, queue, terminalId: enrolment.terminalId, credentials: enrolment.credentials };
    sync.start();
    await sync.until((s) => s.state === 'online' && s.list.version === sys.app.parts.publisher.version, 5_000);
    assert.equal(tap(), Decision.PASS);
    assert.equal(await verify(), Decision.PASS);
  });

  test('a red code reaches the reader by push within a second and the next tap is ABNORMAL', { timeout: 10_000 }, async () => {
    const pushed = reader.sync.counters.deltasPushed;
    const sent = Date.now();
    const fed = await feed([record('red', now() - HOUR)]);
    assert.equal(fed.body.stored, 1);
    await reader.sync.until((s) => s.list.decide(CARD, now()) === Decision.ABNORMAL, 1_000);
    const elapsed = Date.now() - sent;
    assert.ok(elapsed <= 1_000, `the delta took ${elapsed} ms`);
    assert.equal(reader.sync.counters.deltasPushed, pushed + 1, 'it came by push, not by polling');
    assert.equal(tap(), Decision.ABNORMAL);
    assert.equal(await verify(), Decision.ABNORMAL);
  });

  test('an older record arriving after a newer one changes nothing', { timeout: 10_000 }, async () => {
    const version = sys.app.parts.publisher.version;
    const fed = await feed([record('green', now() - 2 * HOUR, now() - DAY)]);
    assert.deepEqual(fed.body, { stored: 0, superseded: 1, rejected: [] });
    await sys.app.parts.publisher.poke();
    assert.equal(sys.app.parts.publisher.version, version);
    assert.equal(reader.list.decide(CARD, now()), Decision.ABNORMAL);
    assert.equal(await verify(), Decision.ABNORMAL);
  });

  for (const signing of ['unsigned', 'wrong-key'] as const) {
    test(`an ${signing === 'unsigned' ? 'unsigned' : 'badly signed'} webhook batch is refused with HEALTH_SIGNATURE_INVALID and changes nothing`, { timeout: 10_000 }, async () => {
      const version = sys.app.parts.publisher.version;
      const refused = await feed([record('green', now() - HOUR)], signing);
      assertCoded(refused, 'HEALTH_SIGNATURE_INVALID');
      await sys.app.parts.publisher.poke();
      assert.equal(sys.app.parts.publisher.version, version);
      assert.equal(reader.list.decide(CARD, now()), Decision.ABNORMAL);
      assert.equal(await verify(), Decision.ABNORMAL);
    });
  }

  test('when 72 hours pass with no new test the tap is TEST_EXPIRED, with no new message sent to the reader', { timeout: 10_000 }, async () => {
    const fed = await feed([record('green', now() - HOUR)]);
    assert.equal(fed.body.stored, 1);
    await readerDecides(Decision.PASS, 1_000);
    assert.equal(tap(), Decision.PASS);
    const version = reader.list.version;
    const { deltasApplied, heartbeats, snapshotsLoaded } = reader.sync.counters;

    sys.advance(72 * HOUR);
    assert.equal(tap(), Decision.TEST_EXPIRED);
    assert.equal(await verify(), Decision.TEST_EXPIRED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(reader.list.version, version, 'the list version did not change');
    assert.deepEqual(
      { deltasApplied: reader.sync.counters.deltasApplied, heartbeats: reader.sync.counters.heartbeats, snapshotsLoaded: reader.sync.counters.snapshotsLoaded },
      { deltasApplied, heartbeats, snapshotsLoaded },
      'nothing reached the reader',
    );
  });

  test('after unbinding, the reader gets the removal by push and the tap is NOT_UPGRADED', { timeout: 10_000 }, async () => {
    const holder = await signIn(sys, 'kit', PASSPORT);
    const unbound = await call(sys.base, 'DELETE', `/api/v1/kit/cards/${bindingId}`, undefined, holder);
    assert.equal(unbound.status, 204, JSON.stringify(unbound.body));
    const took = await readerDecides(Decision.NOT_UPGRADED, 1_000);
    assert.ok(took <= 1_000);
    assert.equal(tap(), Decision.NOT_UPGRADED);
    assert.equal(await verify(), Decision.NOT_UPGRADED);
  });

  test('a reader cut off past the maximum list age answers LIST_STALE, and recovers once back online', { timeout: 15_000 }, async () => {
    network.cutOff();
    await reader.sync.until((s) => s.state === 'offline', 2_000);
    assert.equal(tap(), Decision.NOT_UPGRADED, 'within the list age the offline reader still decides');
    sys.advance(7 * DAY + HOUR);
    assert.equal(tap(), Decision.LIST_STALE);
    assert.ok(reader.queue.pending > 0, 'the taps wait for the network');

    network.restore();
    await reader.sync.until((s) => s.state === 'online', 5_000);
    await sys.app.parts.publisher.beat();
    await readerDecides(Decision.NOT_UPGRADED, 1_000);
  });

  test('every tap reached the server exactly once, with its decision', { timeout: 10_000 }, async () => {
    await reader.sync.until(() => reader.queue.pending === 0, 5_000);
    const stored = (await sys.ctx.store.taps.ofCardKeys(cardKeysOf(sys.ctx, CARD), 0, 100)).filter((t) => t.terminalId === reader.terminalId);
    const byId = new Map(stored.map((t) => [t.tapId, t.decision]));
    assert.equal(stored.length, tapIds.length);
    assert.deepEqual(
      tapIds.map((id) => byId.get(id)),
      [Decision.PASS, Decision.ABNORMAL, Decision.PASS, Decision.TEST_EXPIRED, Decision.NOT_UPGRADED, Decision.NOT_UPGRADED, Decision.LIST_STALE],
    );
  });
});
