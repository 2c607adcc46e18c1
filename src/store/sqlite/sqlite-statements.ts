// What Kysely's SQLite driver is given instead of the bare connection: the same, with prepared statements
// kept by their SQL. The driver prepares every query anew, and compiling the statement was a tenth of an
// upgrade's time on the event loop (docs/benchmarks.md); the shared repositories send the same few dozen
// statements over and over.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

// Statements longer than this are one-off (a long IN list): caching them would only hold memory.
const LONGEST_KEPT = 4_000;
const MOST_KEPT = 1_000;

/**
 * The connection for Kysely's SqliteDialect, preparing each distinct statement once.
 * @example new SqliteDialect({ database: withStatementCache(database) })
 */
export function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      const statement = kept.get(sql);
      // A statement still being iterated (a streamed read) cannot run again meanwhile: that use gets its own.
      if (statement && !statement.busy) return statement;
      const made = database.prepare(sql);
      if (sql.length <= LONGEST_KEPT && !statement) {
        if (kept.size >= MOST_KEPT) kept.clear();
        kept.set(sql, made);
      }
      return made;
    },
    close() {
      database.close();
    },
  };
}
