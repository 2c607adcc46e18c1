// The two adapters keep their own migrations; this keeps them describing the same tables and columns,
// so a column added to one and forgotten in the other fails here rather than in production.
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import { test } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { freshDatabase, postgresSkip } from '../support/postgres.ts';
import { tempDataDir } from '../support/system.ts';

const IGNORED = new Set(['kysely_migration', 'kysely_migration_lock', 'sqlite_sequence']);

async function sqliteColumns(): Promise<Record<string, string[]>> {
  const dataDir = tempDataDir();
  await (await openStore({ dataDir, databaseUrl: undefined })).close();
  const db = new BetterSqlite3(path.join(dataDir, 'ykt.sqlite'), { readonly: true });
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  const out: Record<string, string[]> = {};
  for (const table of tables.filter((t) => !IGNORED.has(t)).sort()) {
    out[table] = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort();
  }
  db.close();
  return out;
}

async function postgresColumns(): Promise<Record<string, string[]>> {
  const databaseUrl = await freshDatabase();
  await (await openStore({ dataDir: tempDataDir(), databaseUrl })).close();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  await client.end();
  const out: Record<string, string[]> = {};
  for (const row of rows) if (!IGNORED.has(row.table_name)) (out[row.table_name] ??= []).push(row.column_name);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)).map(([t, c]) => [t, c.sort()]));
}

test('the SQLite and PostgreSQL migrations create the same tables with the same columns', { skip: postgresSkip() }, async () => {
  assert.deepEqual(await postgresColumns(), await sqliteColumns());
});
