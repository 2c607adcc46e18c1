// A write the database cannot take now — locked by another connection past its wait, a full disk, a lock
// held past lock_timeout — is answered STORE_UNAVAILABLE (503, zh + en, Retry-After), loses nothing
// acknowledged before it, and the server serves normally once the database can take work again.
// (The PostgreSQL server stopped outright is in crash-restart.test.ts, which stops its own cluster.)
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { signHealthBatch } from '../../src/http/health-feed.ts';
import type { Database } from '../../src/store/schema.ts';
import { assertCoded, demoCard, demoDocument } from '../support/fixtures.ts';
import { freshDatabase, postgresSkip } from '../support/postgres.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

const upgradeBody = (serial: number, medium = 'physical') => ({ cardNumber: demoCard(serial), medium, agreementVersion: 1 });
// Demo card 31 is a phone NFC card: the person's second upgrade, beside their physical card 1.
const NFC = upgradeBody(31, 'nfc');

/** Posts a signed batch of `count` health records (for documents nobody holds: each is a row of its own). */
async function feedHealth(sys: TestSystem, tag: string, count: number) {
  const records = Array.from({ length: count }, (_, i) => ({
    recordId: `${tag}-${i}-${'x'.repeat(60)}`,
    document: { type: 'passport', number: `Q${String(i).padStart(7, '0')}`, state: 'FRA' },
    colour: 'green',
    testedAt: null,
    recordedAt: sys.ctx.clock(),
  }));
  const body = JSON.stringify({ records });
  const headers = { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(sys.ctx.secrets.healthFeedKey, body, sys.ctx.clock()) };
  const response = await fetch(`${sys.base}/api/v1/health-feed/records`, { method: 'POST', headers, body });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

/** The SQLite store's one connection, for the settings SQLite keeps per connection (PRAGMA). */
const serverConnection = (sys: TestSystem) => (sys.ctx.store as unknown as { db: Kysely<Database> }).db;

async function assertServing(sys: TestSystem) {
  assert.equal((await call(sys.base, 'GET', '/readyz')).status, 200, 'the node is ready again');
}

describe('on SQLite', () => {
  let sys: TestSystem;
  let token: string;
  let acknowledged: number;

  before(async () => {
    sys = await startSystem();
    token = await signIn(sys, 'kit', demoDocument('passport'));
    const made = await call(sys.base, 'POST', '/api/v1/kit/cards', upgradeBody(1), token);
    assert.equal(made.status, 201);
    acknowledged = made.body.card.id;
  });
  after(() => sys.stop());

  test('an upgrade while another connection holds the write lock past busy_timeout is answered STORE_UNAVAILABLE, and succeeds once it is released', async () => {
    const other = new BetterSqlite3(path.join(sys.dataDir, 'ykt.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    // better-sqlite3 waits synchronously, so each background writer of the server (list builds, the outbox)
    // would stall the process for the full 5 s too: the wait is shortened for the test, not changed in kind.
    await sql.raw('PRAGMA busy_timeout = 200').execute(serverConnection(sys));
    try {
      const refused = await call(sys.base, 'POST', '/api/v1/kit/cards', NFC, token);
      assertCoded(refused, 'STORE_UNAVAILABLE');
    } finally {
      other.exec('ROLLBACK');
      other.close();
      await sql.raw('PRAGMA busy_timeout = 5000').execute(serverConnection(sys));
    }
    await assertServing(sys);
    const cards = await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token);
    assert.deepEqual(cards.body.cards.map((c: { id: number }) => c.id), [acknowledged], 'the refused upgrade left nothing, the acknowledged one is there');
    assert.equal((await call(sys.base, 'POST', '/api/v1/kit/cards', NFC, token)).status, 201);
  });

  // A real full disk needs root (a small mount); max_page_count makes SQLite refuse to grow the file with the
  // same SQLITE_FULL a full disk gives (and roll the transaction back itself, as it does on a full disk).
  test('a health batch that would grow the file past a full disk is answered STORE_UNAVAILABLE, stores none of its records, and is stored once there is room', async () => {
    const db = serverConnection(sys);
    const healthBefore = (await sys.ctx.store.dump()).health_record!.length;
    const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(db);
    await sql.raw(`PRAGMA max_page_count = ${rows[0]!.page_count}`).execute(db);
    try {
      const refused = await feedHealth(sys, 'full', 2_000);
      assertCoded({ status: refused.status, body: refused.body }, 'STORE_UNAVAILABLE');
      assert.equal(refused.retryAfter, '5');
      assert.equal((await sys.ctx.store.dump()).health_record!.length, healthBefore, 'no record of the refused batch was stored');
    } finally {
      await sql.raw('PRAGMA max_page_count = 1073741823').execute(db);
    }
    await assertServing(sys);
    const stored = await feedHealth(sys, 'full', 2_000);
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    assert.equal(stored.body.stored, 2_000);
    const cards = await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token);
    assert.ok(cards.body.cards.some((c: { id: number }) => c.id === acknowledged), 'the acknowledged upgrade is still there');
  });
});

describe('on PostgreSQL', { skip: postgresSkip() }, () => {
  let sys: TestSystem;
  let token: string;
  let databaseUrl: string;

  before(async () => {
    databaseUrl = await freshDatabase();
    // What an operator sets so that a write waits at most this long for a lock (docs/reliability.md).
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${new URL(databaseUrl).pathname.slice(1)}" SET lock_timeout = '1s'`);
    await admin.end();
    sys = await startSystem({ databaseUrl });
    token = await signIn(sys, 'kit', demoDocument('passport'));
  });
  after(() => sys?.stop());

  test('an upgrade while another session holds the change log locked past lock_timeout is answered STORE_UNAVAILABLE, and succeeds once it is released', { timeout: 30_000 }, async () => {
    const made = await call(sys.base, 'POST', '/api/v1/kit/cards', upgradeBody(1), token);
    assert.equal(made.status, 201);
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      // What a list build stuck in its transaction would hold (docs/deploy.md: builds lock the change log).
      await other.query('BEGIN');
      await other.query('LOCK TABLE change_log IN EXCLUSIVE MODE');
      const refused = await call(sys.base, 'POST', '/api/v1/kit/cards', NFC, token);
      assertCoded(refused, 'STORE_UNAVAILABLE');
      await other.query('ROLLBACK');
    } finally {
      await other.end();
    }
    await assertServing(sys);
    const cards = await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, token);
    assert.deepEqual(cards.body.cards.map((c: { id: number }) => c.id), [made.body.card.id], 'the refused upgrade left no binding');
    assert.equal((await call(sys.base, 'POST', '/api/v1/kit/cards', NFC, token)).status, 201);
  });
});
