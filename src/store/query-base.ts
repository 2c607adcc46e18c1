// What every group of queries shares: the Kysely handle (the root or a transaction) and the dialect's facts.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { UniqueViolation, type StoredTap } from './store.ts';

/** What an adapter tells the shared queries about its engine. */
export interface Dialect {
  isUniqueViolation(error: unknown): boolean;
  /** Inside a transaction: waits until no other list build, on any node, can run until this one commits. */
  lockListBuilds?(db: Kysely<Database>): Promise<void>;
  /** A faster way to write many list entries inside the current transaction (millions on a policy change). */
  putListEntries?(entries: ReadonlyMap<number, ListEntryEdit>): Promise<void>;
  /** A faster way to read the whole list for a snapshot. */
  scanListEntries?(): Iterable<readonly [string, number]>;
  /** A faster way to store uploaded taps (tens of thousands a second); returns how many were new. */
  insertTaps?(taps: readonly NewTap[]): Promise<number>;
}

/** A tap record as stored on upload. */
export type NewTap = Omit<StoredTap, 'annulledAt'>;

/** A list entry to set ({ number, value }) or to remove (null). */
export type ListEntryEdit = { number: string; value: number } | null;

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

/** Splits a long id list for `IN (…)`: SQLite takes at most 32,766 parameters in one statement. */
export function* inChunks<T>(ids: readonly T[], size = 5_000): Generator<readonly T[]> {
  for (let i = 0; i < ids.length; i += size) yield ids.slice(i, i + size);
}
