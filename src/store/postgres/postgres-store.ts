// The store for several nodes: PostgreSQL through a pg pool. The same repositories as SQLite;
// what differs is here: BIGINT read back as numbers, READ COMMITTED transactions whose constraint errors
// surface as UniqueViolation, list builds serialised across nodes, and LISTEN for new list versions.
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { UniqueViolation, type Dialect } from '../dialect.ts';
import { dumpTables } from '../dump.ts';
import { GroupCommit } from '../group-commit.ts';
import { ComposedRepositories, repositories, type Repositories } from '../repositories/index.ts';
import type { Database } from '../schema.ts';
import type { ListWatcher, Store, StoreInspection } from '../store.ts';
import { TransactionRepositories, type Transaction } from '../transaction.ts';
import { errorCodes, NETWORK_CODES } from '../unavailable.ts';
import { postgresBulk } from './postgres-bulk.ts';
import { grantApplicationRole } from './postgres-grants.ts';
import { ListVersionListener } from './postgres-listener.ts';
import { postgresMigrations } from './postgres-migrations.ts';

const INT8_OID = 20;

// Times and ids are BIGINT; ms since the epoch stay far below 2^53, so numbers are exact.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof UniqueViolation || (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505');

// SQLSTATEs of "not now": connection exceptions (08…), insufficient resources (53…: disk full, too many
// connections), the server shutting down or starting (57P01–57P03), a statement_timeout (57014) or
// lock_timeout (55P03) the operator set, an I/O error (58030), and a standby after a failover (25006).
const UNAVAILABLE = /^(08|53|57P0[123]$|57014$|55P03$|58030$|25006$)/;
// node-postgres says these without a code: a server that hung up, or a pool that could not connect in time.
const HUNG_UP = /^Connection terminated|timeout exceeded when trying to connect|not queryable/;

const isUnavailable = (error: unknown): boolean =>
  [...errorCodes(error)].some((code) => UNAVAILABLE.test(code) || NETWORK_CODES.has(code)) || (error instanceof Error && HUNG_UP.test(error.message));

// 40P01: two open groups took the same rows (a card, a person's medium) in opposite order; PostgreSQL ended
// one write, whose savepoint undid it alone.
const isDeadlock = (error: unknown): boolean => [...errorCodes(error)].includes('40P01');
// Holder-write groups open at once on one node: a few of the pool's connections, the rest left to reads.
const GROUPS_AT_ONCE = 4;

const dialect: Dialect = { isUniqueViolation, skipLocked: true, ...postgresBulk };

class PostgresStore extends ComposedRepositories implements Store {
  readonly kind = 'postgres';
  readonly isUnavailable = isUnavailable;
  private readonly listener: ListVersionListener;
  private readonly groups = new GroupCommit((fn) => this.transaction(fn), { parallel: GROUPS_AT_ONCE, isConflict: isDeadlock });

  constructor(
    db: Kysely<Database>,
    connectionString: string,
    private readonly appRole: string | undefined,
  ) {
    super(db, dialect);
    this.listener = new ListVersionListener(connectionString);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    // READ COMMITTED: a check-then-insert that lost a race waits on the winner's index entry and then
    // fails with 23505, which the services retry. A failed statement aborts the whole PostgreSQL
    // transaction, so the mapping is made here too, once Kysely has rolled back — not only per statement.
    try {
      return await this.db
        .transaction()
        .setIsolationLevel('read committed')
        .execute((trx) => fn(new TransactionRepositories(trx, this.dialect)));
    } catch (error) {
      throw isUniqueViolation(error) && !(error instanceof UniqueViolation) ? new UniqueViolation(error) : error;
    }
  }

  grouped<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    // A few groups in flight per node, each on one pooled connection with one commit (WAL flush); other
    // nodes' groups run beside them, and the unique indexes still decide between them all.
    return this.groups.run(fn);
  }

  readView<T>(fn: (view: Repositories) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => fn(repositories(trx, this.dialect)));
  }

  watchList(watcher: ListWatcher): Promise<() => Promise<void>> {
    return this.listener.add(watcher);
  }

  async announceTicket(payload: string): Promise<boolean> {
    // The readers' channel carries it, prefixed: one LISTEN connection per node hears everything.
    await sql`SELECT pg_notify('ykt_list', ${`ticket:${payload}`})`.execute(this.db);
    return true;
  }

  async migrate(): Promise<void> {
    // Two nodes starting at once both migrate: Kysely takes an advisory lock for the run, and the
    // migration tables' creation may still race once, so a failure is tried again.
    for (let attempt = 1; ; attempt++) {
      const { error } = await new Migrator({ db: this.db, provider: postgresMigrations }).migrateToLatest();
      if (!error) return this.appRole ? grantApplicationRole(this.db, this.appRole) : undefined;
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }

  async inspect(): Promise<StoreInspection> {
    const migrations = await new Migrator({ db: this.db, provider: postgresMigrations }).getMigrations();
    const indexes = await sql<{ name: string; definition: string }>`
      SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'binding'`.execute(this.db);
    return { migrations: migrations.map((m) => ({ name: m.name, applied: m.executedAt !== undefined })), bindingIndexes: indexes.rows };
  }

  dump(): Promise<Record<string, unknown[]>> {
    return dumpTables(this.db);
  }

  async close(): Promise<void> {
    await this.groups.idle();
    await this.listener.close();
    await this.db.destroy();
  }
}

/**
 * Opens a pool on the PostgreSQL database at `url` (no migration: call migrate()). With `appRole`,
 * migrate() ends by granting that role what the server needs (postgres-grants.ts).
 * @example const store = await openPostgresStore('postgres://ykt_owner@localhost/ykt', { appRole: 'ykt_app' }); await store.migrate();
 */
export async function openPostgresStore(url: string, options: { poolSize?: number; appRole?: string } = {}): Promise<Store> {
  // A server that does not answer at all (a host gone, not a port refused) is given up on after 5 s, as
  // SQLite gives up on a lock: the request is answered STORE_UNAVAILABLE rather than left hanging.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 5_000 });
  // A client that loses its server (a restart, a crash) must not take the process down with it: an idle one
  // says so on the pool, one in use on itself, where the pool listens only while it is idle. Its queries
  // fail on their own (STORE_UNAVAILABLE), and the pool drops it once released; the next one connects anew.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new PostgresStore(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), url, options.appRole);
}
