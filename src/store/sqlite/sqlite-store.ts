// The embedded store: one SQLite file in WAL mode, nothing to install.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { Queries } from '../queries.ts';
import type { Dialect } from '../query-base.ts';
import type { Database } from '../schema.ts';
import type { Store, StoreInspection } from '../store.ts';
import { sqliteMigrations } from './sqlite-migrations.ts';

// A duplicate primary key (agreement.version, say) is a unique violation too, under its own code.
const UNIQUE_CODES: ReadonlySet<unknown> = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && UNIQUE_CODES.has((error as { code?: unknown }).code);

/**
 * Bulk reads and writes with prepared statements on the one connection Kysely also uses, so they join the
 * transaction in progress: a policy change rewrites every list entry, a snapshot reads them all, readers
 * upload tens of thousands of taps a second — and Kysely's per-row query building would cost seconds.
 */
function bulkPaths(database: BetterSqlite3.Database): Pick<Dialect, 'putListEntries' | 'scanListEntries' | 'insertTaps'> {
  // Prepared on first use: the table exists only once the store has migrated.
  const statements = () => ({
    upsert: database.prepare(
      'INSERT INTO list_entry (card_id, number, value) VALUES (?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET number = excluded.number, value = excluded.value',
    ),
    remove: database.prepare('DELETE FROM list_entry WHERE card_id = ?'),
    scan: database.prepare('SELECT number, value FROM list_entry').raw(),
    tap: database.prepare(
      `INSERT INTO tap (tap_id, terminal_id, card_key, decision, at, online, assisted, list_version, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tap_id) DO NOTHING`,
    ),
  });
  let prepared: ReturnType<typeof statements> | undefined;
  return {
    async putListEntries(entries) {
      const { upsert, remove } = (prepared ??= statements());
      for (const [cardId, entry] of entries) {
        if (entry === null) remove.run(cardId);
        else upsert.run(cardId, entry.number, entry.value);
      }
    },
    scanListEntries: () => (prepared ??= statements()).scan.iterate() as Iterable<[string, number]>,
    async insertTaps(taps) {
      const { tap } = (prepared ??= statements());
      let stored = 0;
      for (const t of taps) {
        stored += tap.run(t.tapId, t.terminalId, t.cardKey, t.decision, t.at, t.online ? 1 : 0, t.assisted ? 1 : 0, t.listVersion, t.receivedAt).changes;
      }
      return stored;
    },
  };
}

class SqliteStore extends Queries implements Store {
  readonly kind = 'sqlite';

  constructor(db: Kysely<Database>, database: BetterSqlite3.Database) {
    super(db, { isUniqueViolation, ...bulkPaths(database) });
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    // Kysely holds the one connection for the whole transaction, so transactions in this process run
    // one after another; WAL lets readers in other processes go on meanwhile. BEGIN IMMEDIATE takes the
    // write lock up front: a deferred transaction that read first and another process wrote meanwhile
    // fails with "database is locked" at its first write, past what busy_timeout can wait out.
    return this.db.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const result = await fn(new Queries(connection, this.dialect));
        await sql`COMMIT`.execute(connection);
        return result;
      } catch (error) {
        await sql`ROLLBACK`.execute(connection);
        throw error;
      }
    });
  }

  async watchListVersions(): Promise<() => Promise<void>> {
    return async () => undefined;
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.db, provider: sqliteMigrations }).migrateToLatest();
    if (error) throw error;
  }

  async inspect(): Promise<StoreInspection> {
    const migrations = await new Migrator({ db: this.db, provider: sqliteMigrations }).getMigrations();
    const indexes = await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'binding'`.execute(this.db);
    return {
      migrations: migrations.map((m) => ({ name: m.name, applied: m.executedAt !== undefined })),
      bindingIndexes: indexes.rows.map((r) => ({ name: r.name, definition: r.sql ?? '' })),
    };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Opens (creating if need be) the SQLite store at `file`.
 * @example const store = await openSqliteStore('data/ykt.sqlite'); await store.migrate();
 */
export async function openSqliteStore(file: string): Promise<Store> {
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  // FULL: a commit that answered success is on disk before the answer leaves (DESIGN §4 rule 3).
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new SqliteStore(new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), database);
}
