// Query templates (src/store/repositories/query-template.ts): a statement built once and run with each
// call's values must answer exactly what the same query built on every call answers, per engine, and a
// template whose values would change the query's shape must be refused when it is first compiled.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Dialect } from '../../src/store/dialect.ts';
import { QueryTemplate } from '../../src/store/repositories/query-template.ts';
import type { Database } from '../../src/store/schema.ts';
import { tempDataDir } from '../support/system.ts';

// The template caches by the store's Dialect object; these two stand for two open stores.
const sqliteFacts: Dialect = { isUniqueViolation: () => false, skipLocked: false };
const postgresFacts: Dialect = { isUniqueViolation: () => false, skipLocked: true };

async function withSqlite(run: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const dir = tempDataDir();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path.join(dir, 't.sqlite')) }) });
  try {
    await db.schema.createTable('session').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('person_id', 'integer').addColumn('channel', 'text')
      .addColumn('created_at', 'integer').addColumn('expires_at', 'integer').addColumn('revoked_at', 'integer').execute();
    await run(db);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const session = (id: string, personId: number, revokedAt: number | null) => ({ id, person_id: personId, channel: 'kit', created_at: 1, expires_at: 2, revoked_at: revokedAt });

test('a template answers what the query built on each call answers, with each call\'s values', async () => {
  await withSqlite(async (db) => {
    let builds = 0;
    const insert = new QueryTemplate((d, v: { id: string; personId: number; revokedAt: number | null }) => {
      builds++;
      return d.insertInto('session').values(session(v.id, v.personId, v.revokedAt));
    });
    const live = new QueryTemplate((d, v: { personId: number; limit: number }) =>
      d.selectFrom('session').selectAll().where('person_id', '=', v.personId).where('revoked_at', 'is', null).orderBy('id').limit(v.limit),
    );
    for (let i = 0; i < 6; i++) await db.executeQuery(insert.bind(db, sqliteFacts, { id: `s${i}`, personId: i % 2, revokedAt: i === 4 ? 9 : null }));
    assert.equal(builds, 1, 'built once, however many calls');
    for (const [personId, limit] of [[0, 10], [1, 10], [0, 1], [2, 5]] as const) {
      const built = await db.selectFrom('session').selectAll().where('person_id', '=', personId).where('revoked_at', 'is', null).orderBy('id').limit(limit).execute();
      const { rows } = await db.executeQuery(live.bind(db, sqliteFacts, { personId, limit }));
      assert.deepEqual(rows, built);
    }
    assert.deepEqual((await db.executeQuery(live.bind(db, sqliteFacts, { personId: 0, limit: 10 }))).rows.map((r) => r.id), ['s0', 's2']);
  });
});

test('a value used in two places fills both', async () => {
  await withSqlite(async (db) => {
    const upsert = new QueryTemplate((d, v: { id: string; at: number }) =>
      d.insertInto('session').values({ ...session(v.id, 1, null), created_at: v.at }).onConflict((oc) => oc.column('id').doUpdateSet({ created_at: v.at, expires_at: v.at })),
    );
    await db.executeQuery(upsert.bind(db, sqliteFacts, { id: 'a', at: 5 }));
    await db.executeQuery(upsert.bind(db, sqliteFacts, { id: 'a', at: 7 }));
    assert.deepEqual(await db.selectFrom('session').select(['created_at', 'expires_at']).execute(), [{ created_at: 7, expires_at: 7 }]);
  });
});

test('each engine gets its own SQL from one template', async () => {
  await withSqlite(async (sqliteDb) => {
    // Compiling needs no server: the pool never connects.
    const postgresDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ host: '127.0.0.1', port: 1 }) }) });
    const byId = new QueryTemplate((d, v: { id: string }) => d.selectFrom('session').select('id').where('id', '=', v.id));
    assert.equal(byId.bind(sqliteDb, sqliteFacts, { id: 'x' }).sql, 'select "id" from "session" where "id" = ?');
    assert.equal(byId.bind(postgresDb, postgresFacts, { id: 'x' }).sql, 'select "id" from "session" where "id" = $1');
    assert.deepEqual(byId.bind(postgresDb, postgresFacts, { id: 'y' }).parameters, ['y']);
    await postgresDb.destroy();
  });
});

test('a template whose values would shape the query is refused when first used', async () => {
  await withSqlite(async (db) => {
    const branching = new QueryTemplate((d, v: { onlyLive: boolean }) => d.selectFrom('session').selectAll().$if(v.onlyLive, (q) => q.where('revoked_at', 'is', null)));
    assert.throws(() => branching.bind(db, sqliteFacts, { onlyLive: false }), /"onlyLive" is not a parameter/);
    const pattern = new QueryTemplate((d, v: { prefix: string }) => d.selectFrom('session').selectAll().where('id', 'like', `${v.prefix}%`));
    assert.throws(() => pattern.bind(db, sqliteFacts, { prefix: 's' }), /used inside another/);
    const byId = new QueryTemplate((d, v: { id: string }) => d.selectFrom('session').selectAll().where('id', '=', v.id));
    assert.throws(() => byId.bind(db, sqliteFacts, {} as { id: string }), /no value for "id"/);
  });
});
