// The embedded store: one SQLite file in WAL mode, nothing to install.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { Queries } from '../queries.ts';
import type { Database } from '../schema.ts';
import type { Store } from '../store.ts';
import { sqliteMigrations } from './sqlite-migrations.ts';

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';

class SqliteStore extends Queries implements Store {
  readonly kind = 'sqlite';

  constructor(db: Kysely<Database>) {
    super(db, { isUniqueViolation });
  }

  transaction<T>(fn: (tx: Queries) => Promise<T>): Promise<T> {
    // Kysely holds the one connection for the whole transaction, so transactions in this process run
    // one after another; WAL lets readers in other processes go on meanwhile.
    return this.db.transaction().execute((trx) => fn(new Queries(trx, this.dialect)));
  }

  async migrate(): Promise<void> {
    const { error } = await new Migrator({ db: this.db, provider: sqliteMigrations }).migrateToLatest();
    if (error) throw error;
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
  return new SqliteStore(new Kysely<Database>({ dialect: new SqliteDialect({ database }) }));
}
