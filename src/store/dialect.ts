// What an adapter tells the shared repositories about its engine: how a refused unique write looks, and
// the capabilities it has beyond the shared Kysely statements. Repositories ask for a capability; they never
// ask which engine they run on.
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { ListEntryEdit, NewTap, StoredHealthRecord } from './rows.ts';
import type { Database } from './schema.ts';

/** The paths an engine does its own way when work comes in bulk; each one absent means "use the shared statement". */
export interface BulkPaths {
  /** Inside a transaction: waits until no other list build, on any node, can run until this one commits. */
  lockListBuilds?(db: Kysely<Database>): Promise<void>;
  /** A faster way to write many list entries inside the current transaction (millions on a policy change). */
  putListEntries?(entries: ReadonlyMap<number, ListEntryEdit>): Promise<void>;
  /** A faster way to read the whole list for a snapshot. */
  scanListEntries?(): Iterable<readonly [string, number]>;
  /** A faster way to store uploaded taps (tens of thousands a second); returns how many were new. */
  insertTaps?(taps: readonly NewTap[]): Promise<number>;
  /** A faster way to store health records where newer (thousands a batch on a mass-testing day); returns the document keys it stored. */
  putHealthRecords?(records: ReadonlyMap<string, StoredHealthRecord>, receivedAt: number): Promise<string[]>;
  /** A faster way to find the active bindings of many people by document key (a health batch's thousands). */
  activeBindingsOfDocKeys?(docKeys: readonly string[]): Promise<Array<{ docKey: string; cardId: number; personId: number }>>;
  /**
   * Runs a compiled statement at once, without Kysely's queue, when `db` may use the connection now: it is
   * the transaction holding it, or no transaction holds it. Undefined when the statement must wait its turn.
   */
  runNow?<R>(db: Kysely<Database>, query: CompiledQuery<R>): QueryResult<R> | undefined;
}

export interface Dialect extends BulkPaths {
  isUniqueViolation(error: unknown): boolean;
  /**
   * The engine locks rows, so that nodes claiming work at once skip each other's rows (SELECT … FOR UPDATE
   * SKIP LOCKED). SQLite has one writer at a time, so one UPDATE already claims alone, and has no such clause.
   */
  skipLocked: boolean;
}

/** Raised by an adapter when a unique constraint refused a write (two active bindings, say). */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}
