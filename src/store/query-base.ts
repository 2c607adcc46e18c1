// What every group of queries shares: the Kysely handle (the root or a transaction) and the dialect's facts.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { UniqueViolation } from './store.ts';

/** What an adapter tells the shared queries about its engine. */
export interface Dialect {
  isUniqueViolation(error: unknown): boolean;
}

export class QueryBase {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly dialect: Dialect,
  ) {}

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
