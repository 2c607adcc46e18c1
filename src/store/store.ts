// The store contract: what services may ask of a database. It is small repositories per concern
// (repositories/), composed into one face, written once in Kysely; an adapter (sqlite/, postgres/) brings
// the connection, its migrations, its transactions and the few facts that differ between engines (dialect.ts).
import type { Repositories } from './repositories/index.ts';
import type { Transaction } from './transaction.ts';

export type * from './rows.ts';
export type { BulkPaths, Dialect } from './dialect.ts';
export { UniqueViolation } from './dialect.ts';
export type { Repositories } from './repositories/index.ts';
export type { Transaction } from './transaction.ts';

/**
 * The repositories, plus the store's own lifecycle.
 * @example const card = await ctx.store.cards.findByNumber(number);
 * @example await ctx.store.transaction(async (tx) => { await tx.bindings.insert(b); await tx.changes.append('binding.created', b.cardId, b.personId, now); });
 */
/** What a node hears from the others about readers, and the service desk's live ticket events. */
export interface ListWatcher {
  onVersion(version: number): void;
  onReaderRevoked?(terminalId: string): void;
  /** A ticket event announced by any node, this one included (services/desk/ticket-events.ts). */
  onTicket?(payload: string): void;
}

export interface Store extends Repositories {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs fn in one database transaction: all its writes land together or not at all. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Runs fn as one write of a group commit (group-commit.ts): in its own savepoint, inside a transaction
   * shared with the other grouped writes that arrived while the previous group was committing. A write that
   * throws is undone alone and rejects with its error; the others commit. Resolves only once the shared
   * transaction has committed, so an answered write is as durable as after transaction(). For short writes
   * that come many at a time (upgrades, unbindings); fn must not wait for another grouped write.
   * @example const binding = await ctx.store.grouped((tx) => tx.bindings.insert(b));
   */
  grouped<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs fn on one consistent, read-only view of the store that takes no write lock: writers go on meanwhile
   * and fn sees none of their changes (a SQLite read transaction under WAL; PostgreSQL REPEATABLE READ).
   * What a long read (a whole reader list) runs in, on a connection of its own so that it waits for nobody.
   */
  readView<T>(fn: (view: Repositories) => Promise<T>): Promise<T>;
  /**
   * Tells the watcher when any node stores a new reader list version or revokes a reader (PostgreSQL
   * LISTEN/NOTIFY); a no-op on SQLite, where one process serves. Resolves to the function that stops watching.
   */
  watchList(watcher: ListWatcher): Promise<() => Promise<void>>;
  /**
   * Carries a small ticket event (no personal data) to the watchers of every node, this one included, and
   * resolves true (PostgreSQL NOTIFY); resolves false on SQLite, where this process is the only node and
   * delivers it itself.
   */
  announceTicket(payload: string): Promise<boolean>;
  /**
   * Whether a thrown error means the database cannot take work now — locked past its wait, disk full, an I/O
   * error, the server gone or restarting, a lock or statement timeout — rather than a fault in the request
   * or the code. The API answers those STORE_UNAVAILABLE (503) instead of INTERNAL.
   * @example if (store.isUnavailable(error)) reply.code(503)
   */
  isUnavailable(error: unknown): boolean;
  migrate(): Promise<void>;
  /** What `ykt db check` looks at: each migration and whether it ran, and the binding table's indexes. */
  inspect(): Promise<StoreInspection>;
  /** Every row of every table, in key order: for tests that prove a refused request changed nothing. */
  dump(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

export interface StoreInspection {
  migrations: Array<{ name: string; applied: boolean }>;
  /** The binding table's indexes with their SQL definition, as the engine reports them. */
  bindingIndexes: Array<{ name: string; definition: string }>;
}
