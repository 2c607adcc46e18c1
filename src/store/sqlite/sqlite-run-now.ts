// The busiest statements (query templates) run straight on better-sqlite3 when nothing else holds the
// connection, rather than through Kysely's queue: Kysely's driver takes a lock and goes through about eight
// promises per statement, each also paying Node 20's async-context hooks (the request ids in the logs), while
// the statement itself runs synchronously anyway. Kysely's own queue stays what keeps a statement sent from
// outside a transaction out of it: such a statement waits its turn there, as before. Every transaction the
// store opens goes through ConnectionHolder.hold (its transactions and read views); the migrations' own run
// when the store opens, before anything else is sent.
import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, Kysely, QueryResult, SqliteDatabase } from 'kysely';
import type { Database } from '../schema.ts';

/** Which Kysely handle holds the connection now: a transaction's (or a read view's), or none. */
export class ConnectionHolder {
  current: Kysely<Database> | null = null;

  /** Runs fn on the store's one connection, noting meanwhile that fn's handle holds it. */
  hold<T>(root: Kysely<Database>, fn: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
    return root.connection().execute(async (connection) => {
      this.current = connection;
      try {
        return await fn(connection);
      } finally {
        this.current = null;
      }
    });
  }
}

/**
 * The dialect's runNow for SQLite: statements of the transaction that holds the connection, or of the
 * store's root handle while no transaction holds it, run at once; any other waits in Kysely's queue.
 * @example const runNow = sqliteRunNow(root, statements, holder);
 */
export function sqliteRunNow(root: Kysely<Database>, statements: SqliteDatabase, holder: ConnectionHolder) {
  return <R>(db: Kysely<Database>, query: CompiledQuery<R>): QueryResult<R> | undefined => {
    if (holder.current === null ? db !== root : db !== holder.current) return undefined;
    // The same kept statements Kysely's driver prepares through, run as its driver runs them.
    const statement = statements.prepare(query.sql) as BetterSqlite3.Statement;
    if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(query.parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  };
}
