// What a write transaction offers beyond the repositories: savepoints, so that writes sharing one
// transaction (group-commit.ts) can each be refused alone. The SQL is the same on both engines.
import { CompiledQuery } from 'kysely';
import { UniqueViolation } from './dialect.ts';
import { ComposedRepositories, type Repositories } from './repositories/index.ts';
import { executeCompiled } from './repositories/query-base.ts';

/** Raised when the engine ended the whole transaction under a savepoint: nothing written in it will commit. */
export class TransactionLost extends Error {
  constructor(cause: unknown) {
    super('the transaction was rolled back by the database', { cause });
    this.name = 'TransactionLost';
  }
}

/** The repositories inside one write transaction. */
export interface Transaction extends Repositories {
  /**
   * Runs fn in a SAVEPOINT: when fn throws, its writes alone are undone and the transaction goes on; the
   * error is rethrown (a refused unique write as UniqueViolation, on both engines). When the engine has
   * already ended the whole transaction (SQLite after a full disk or an I/O error, a PostgreSQL connection
   * gone) it throws TransactionLost, since nothing before the savepoint will commit either.
   * @example await tx.savepoint(() => tx.bindings.insert(b)); // a UniqueViolation leaves tx usable
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export class TransactionRepositories extends ComposedRepositories implements Transaction {
  private depth = 0;

  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `write_${++this.depth}`;
    // Plain SQL text, as the busiest writes run in savepoints: nothing to build, and on SQLite run at once
    // (this transaction holds the connection) rather than through Kysely's queue.
    const run = (statement: string) => executeCompiled(this.db, this.dialect, CompiledQuery.raw(`${statement} ${name}`));
    await run('SAVEPOINT');
    try {
      const result = await fn();
      await run('RELEASE SAVEPOINT');
      return result;
    } catch (error) {
      try {
        await run('ROLLBACK TO SAVEPOINT');
        await run('RELEASE SAVEPOINT');
      } catch {
        throw new TransactionLost(error);
      }
      // PostgreSQL reports a refused unique write on the statement, before the adapter's own mapping at
      // the end of the transaction could see it.
      throw this.dialect.isUniqueViolation(error) && !(error instanceof UniqueViolation) ? new UniqueViolation(error) : error;
    } finally {
      this.depth--;
    }
  }
}
