// A revoked reader learns it: its push stream ends at once, its SDK stops deciding PASS and says so, and the
// taps it has not sent stay queued. Real HTTP, a reader built from the SDK.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Decision } from '../../src/domain/decisions.ts';
import { ReaderList, TapQueue } from '../../src/readers/sdk/index.ts';
import { ReaderSync } from '../../src/readers/sdk/sync.ts';
import { enrolReader } from '../../src/readers/sdk/enrol.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import { cardKeysOf } from '../../src/services/feeds/taps.ts';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { demoCard, demoDocument } from '../support/fixtures.ts';
import { postgresSkip } from '../support/postgres.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

const CARD = demoCard(1);

interface TestReader {
  list: ReaderList;
  sync: ReaderSync;
  queue: TapQueue;
  terminalId: string;
  credentials: string;
}

async function newReader(sys: TestSystem): Promise<TestReader> {
  const { token } = await issueEnrolment(sys.ctx, { kind: 'bus-validator', line: 'Bus 1', station: 'Tiananmen East' }, 'test');
  const enrolment = await enrolReader({ baseUrl: sys.base, token, softwareVersion: 'test-reader/1' });
  const list = new ReaderList({ rootKeys: enrolment.rootKeys, hashKeys: enrolment.hashKeys, revokedKeyIds: enrolment.revokedKeyIds });
  const queue = new TapQueue({ terminal: enrolment.terminalId, upload: (batch) => sync.upload(batch) });
  const sync: ReaderSync = new ReaderSync({ baseUrl: sys.base, credentials: enrolment.credentials, list, queue, clock: () => sys.ctx.clock(), minBackoffMs: 50, maxBackoffMs: 300, drainIntervalMs: 100 });
  return { list, sync, queue, terminalId: enrolment.terminalId, credentials: enrolment.credentials };
}

/** Opens the push stream as a reader would; `ended` settles when the server ends it. */
async function openStream(sys: TestSystem, credentials: string): Promise<{ ended: Promise<void>; cancel: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${sys.base}/api/v1/terminal/events?from=0`, { headers: { authorization: `Bearer ${credentials}` }, signal: controller.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const ended = (async () => {
    while (!(await reader.read()).done) {
      // events until the server closes the stream
    }
  })();
  return { ended, cancel: () => controller.abort() };
}

/** Rejects if `promise` has not settled within `ms`: a generous bound, not a timing assertion. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function operatorToken(sys: TestSystem): Promise<string> {
  const operator = DEMO_STAFF.find((s) => s.role === 'operator')!;
  const session = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: operator.username, password: operator.password });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  return session.body.token;
}

describe('revoking a reader', () => {
  let sys: TestSystem;
  let reader: TestReader;

  before(async () => {
    sys = await startSystem();
    const holder = await signIn(sys, 'kit', demoDocument('passport'));
    const made = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: CARD, medium: 'physical', agreementVersion: 1 }, holder);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const now = sys.ctx.clock();
    await ingestHealth(sys.ctx, [{ recordId: 'revoke-1', document: demoDocument('passport'), colour: 'green', testedAt: now - 3_600_000, recordedAt: now }]);
    await sys.app.parts.publisher.poke();
    reader = await newReader(sys);
    reader.sync.start();
    await reader.sync.until((s) => s.state === 'online', 5_000);
  });
  after(async () => {
    await reader?.sync.stop();
    await sys.stop();
  });

  test('before: the reader passes the card, and the server stores its tap as decided online', { timeout: 10_000 }, async () => {
    const at = sys.ctx.clock();
    const decision = reader.list.decide(CARD, at);
    assert.equal(decision, Decision.PASS);
    const { tapId } = reader.queue.recordTap(reader.list, CARD, decision, at);
    await reader.sync.until(() => reader.queue.pending === 0, 5_000);
    const stored = (await sys.ctx.store.taps.ofCardKeys(cardKeysOf(sys.ctx, CARD), 0, 10)).find((t) => t.tapId === tapId);
    assert.equal(stored?.online, true);
  });

  test('ends its open push stream at once, and the SDK turns to revoked: no PASS, its taps kept', { timeout: 15_000 }, async () => {
    const stream = await openStream(sys, reader.credentials);
    const revoked = await call(sys.base, 'POST', `/api/v1/admin/terminals/${reader.terminalId}/revoke`, undefined, await operatorToken(sys));
    assert.equal(revoked.status, 204, JSON.stringify(revoked.body));
    await within(stream.ended, 1_000, 'the end of the push stream');

    await reader.sync.until((s) => s.state === 'revoked', 5_000);
    const at = sys.ctx.clock();
    const decision = reader.list.decide(CARD, at);
    assert.equal(decision, Decision.LIST_STALE, 'manual check, never PASS');
    const tap = reader.queue.recordTap(reader.list, CARD, decision, at);
    assert.equal(tap.online, false);
    await reader.sync.drain();
    assert.equal(reader.queue.pending, 1, 'the tap stays queued');
    assert.equal(reader.sync.state, 'revoked');
  });

  test('a revocation made on another node ends the stream at the next heartbeat, when credentials are checked again', { timeout: 15_000 }, async () => {
    const other = await newReader(sys);
    const stream = await openStream(sys, other.credentials);
    // As another node would: the store says revoked, this node's streams and credential cache know nothing yet.
    await sys.ctx.store.terminals.revoke(other.terminalId, sys.ctx.clock());
    sys.app.parts.terminalAuth.forget(other.terminalId);
    await sys.app.parts.publisher.beat();
    await within(stream.ended, 5_000, 'the end of the push stream');
  });
});

describe('revoking a reader on one PostgreSQL node while its stream is held by another', { skip: postgresSkip() }, () => {
  let a: TestSystem;
  let b: TestSystem;

  before(async () => {
    // One data directory: the nodes share their secrets and list keys, as a deployment shares them by environment.
    a = await startSystem({ store: 'postgres' });
    b = await startSystem({ databaseUrl: a.databaseUrl, dataDir: a.dataDir, seed: false });
    await Promise.all([a.app.parts.publisher.poke(), b.app.parts.publisher.poke()]);
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test('the other node ends the stream at its next heartbeat, once its credential cache has lapsed', { timeout: 20_000 }, async () => {
    const reader = await newReader(b);
    const stream = await openStream(b, reader.credentials);
    const revoked = await call(a.base, 'POST', `/api/v1/admin/terminals/${reader.terminalId}/revoke`, undefined, await operatorToken(a));
    assert.equal(revoked.status, 204, JSON.stringify(revoked.body));
    // Node B checks credentials against the store at most every 5 s (TerminalAuth); heartbeats come every 30 s.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    await b.app.parts.publisher.beat();
    await within(stream.ended, 5_000, 'the end of the push stream on node B');
  });
});
