// What every repository shares: the Kysely handle (the root or a transaction) and the dialect's facts.
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { UniqueViolation, type Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { QueryTemplate } from './query-template.ts';

/**
 * The base of every repository. Only the concrete class's own methods are its public face (the contract
 * suite enumerates them from the prototype), so helpers live here or as functions beside the class.
 */
export abstract class QueryBase {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly dialect: Dialect,
  ) {}

  /** The rows a template's statement answers with these values (a write's, when it returns them). */
  protected async rows<V extends object, R>(template: QueryTemplate<V, R>, values: V): Promise<R[]> {
    return (await this.run(template, values)).rows;
  }

  /** Runs a template's write with these values; how many rows it changed. */
  protected async affected<V extends object>(template: QueryTemplate<V, unknown>, values: V): Promise<number> {
    return Number((await this.run(template, values)).numAffectedRows ?? 0);
  }

  private run<V extends object, R>(template: QueryTemplate<V, R>, values: V): QueryResult<R> | Promise<QueryResult<R>> {
    return executeCompiled(this.db, this.dialect, template.bind(this.db, this.dialect, values));
  }

  /** Runs a write, turning the engine's unique-constraint error into UniqueViolation. */
  protected async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      throw this.dialect.isUniqueViolation(error) ? new UniqueViolation(error) : error;
    }
  }
}

/**
 * Runs a compiled statement on `db`: at once where the dialect can (SQLite, when `db` holds the connection),
 * otherwise through Kysely's queue. What templates and savepoints (transaction.ts) are sent through.
 * @example await executeCompiled(tx, dialect, CompiledQuery.raw('SAVEPOINT write_1'));
 */
export function executeCompiled<R>(db: Kysely<Database>, dialect: Dialect, query: CompiledQuery<R>): QueryResult<R> | Promise<QueryResult<R>> {
  return dialect.runNow?.(db, query) ?? db.executeQuery(query);
}

export const numberOrNull = (value: number | string | bigint | null): number | null => (value === null ? null : Number(value));

/** Splits a long id list for `IN (…)`: SQLite takes at most 32,766 parameters in one statement. */
export function* inChunks<T>(ids: readonly T[], size = 5_000): Generator<readonly T[]> {
  for (let i = 0; i < ids.length; i += size) yield ids.slice(i, i + size);
}
