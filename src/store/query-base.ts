// What every group of queries shares: the Kysely handle (the root or a transaction) and the dialect's facts.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { UniqueViolation } from './store.ts';

/** What an adapter tells the shared queries about its engine. */
export interface Dialect {
  isUniqueViolation(error: unknown): boolean;
  /** Inside a transaction: waits until no other list build, on any node, can run until this one commits. */
  lockListBuilds?(db: Kysely<Database>): Promise<void>;
}

export class QueryBase {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly dialect: Dialect,
  ) {}

  /**
   * Capability: serialises reader list builds across nodes, so that one version is built once. Call it first
   * in the build's transaction; a no-op where the store already runs one write transaction at a time (SQLite).
   */
  async lockListBuilds(): Promise<void> {
    await this.dialect.lockListBuilds?.(this.db);
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

export const numberOrNull = (value: number | string | bigint | null): number | null => (value === null ? null : Number(value));
