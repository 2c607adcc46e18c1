// The embedded store: one SQLite file in WAL mode, nothing to install.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { dumpTables } from '../dump.ts';
import { GroupCommit } from '../group-commit.ts';
import { ComposedRepositories, repositories, type Repositories } from '../repositories/index.ts';
import type { Database } from '../schema.ts';
import type { Store, StoreInspection } from '../store.ts';
import { TransactionRepositories, type Transaction } from '../transaction.ts';
import { errorCodes } from '../unavailable.ts';
import { sqliteBulk } from './sqlite-bulk.ts';
import { SqliteCheckpointer } from './sqlite-checkpointer.ts';
import { sqliteMigrations } from './sqlite-migrations.ts';
import { ConnectionHolder, sqliteRunNow } from './sqlite-run-now.ts';
import { withStatementCache } from './sqlite-statements.ts';

// A duplicate primary key (agreement.version, say) is a unique violation too, under its own code.
const UNIQUE_CODES: ReadonlySet<unknown> = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && UNIQUE_CODES.has((error as { code?: unknown }).code);

// The primary result codes of "not now": another process holds the write lock past busy_timeout, the disk
// (or the file size limit) is full, the disk failed or went read-only. better-sqlite3 names extended codes
// after their primary one (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT).
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN)(_|$)/;
const isUnavailable = (error: unknown): boolean => [...errorCodes(error)].some((code) => UNAVAILABLE.test(code));

class SqliteStore extends ComposedRepositories implements Store {
  readonly kind = 'sqlite';
  readonly isUnavailable = isUnavailable;
  private readonly groups = new GroupCommit((fn) => this.transaction(fn));
  private readonly checkpointer: SqliteCheckpointer;
  private readonly holder: ConnectionHolder;

  constructor(
    db: Kysely<Database>,
    private readonly database: BetterSqlite3.Database,
    statements: SqliteDatabase,
  ) {
    const holder = new ConnectionHolder();
    super(db, { isUniqueViolation, skipLocked: false, ...sqliteBulk(database), runNow: sqliteRunNow(db, statements, holder) } satisfies Dialect);
    this.holder = holder;
    this.checkpointer = new SqliteCheckpointer(database);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    // Kysely holds the one connection for the whole transaction, so transactions in this process run
    // one after another; WAL lets readers in other processes go on meanwhile. BEGIN IMMEDIATE takes the
    // write lock up front: a deferred transaction that read first and another process wrote meanwhile
    // fails with "database is locked" at its first write, past what busy_timeout can wait out.
    return this.holder.hold(this.db, async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      try {
        const result = await fn(new TransactionRepositories(connection, this.dialect));
        await sql`COMMIT`.execute(connection);
        this.checkpointer.afterCommit();
        return result;
      } catch (error) {
        // SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR): a ROLLBACK then would
        // fail with "no transaction is active" and hide the error that says why.
        if (this.database.inTransaction) await sql`ROLLBACK`.execute(connection);
        throw error;
      }
    });
  }

  grouped<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    // Here the commit's fsync runs on the event loop (better-sqlite3 is synchronous): one per group, not per write.
    return this.groups.run(fn);
  }

  readView<T>(fn: (view: Repositories) => Promise<T>): Promise<T> {
    // A deferred transaction that only reads holds one WAL snapshot from its first read to its end;
    // query_only makes a write in it fail, as PostgreSQL's READ ONLY does.
    return this.holder.hold(this.db, async (connection) => {
      await sql`PRAGMA query_only = ON`.execute(connection);
      await sql`BEGIN DEFERRED`.execute(connection);
      try {
        return await fn(repositories(connection, this.dialect));
      } finally {
        await sql`COMMIT`.execute(connection);
        await sql`PRAGMA query_only = OFF`.execute(connection);
      }
    });
  }

  async watchList(): Promise<() => Promise<void>> {
    return async () => undefined;
  }

  async announceTicket(): Promise<boolean> {
    return false;
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

  dump(): Promise<Record<string, unknown[]>> {
    return dumpTables(this.db);
  }

  async close(): Promise<void> {
    await this.groups.idle();
    await this.checkpointer.close();
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
  // 256 MiB at most (SQLite's default here is 16), filled only as pages are read: the health feed looks up and
  // writes documents by keyed hash, all over the health record and person indexes; at 500 k records those no
  // longer fitted, and each batch read its pages back from the operating system (docs/benchmarks.md).
  database.pragma('cache_size = -262144');
  const statements = withStatementCache(database);
  return new SqliteStore(new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) }), database, statements);
}
