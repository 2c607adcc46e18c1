// Group commit for the feeds (tap uploads, health batches, the readers' heartbeat syncs): items that arrive
// while a commit is on disk wait and then share the next transaction, so many senders at once cost a few
// commits, not one each. Every item is answered only after the transaction holding it has committed (nothing
// acknowledged is lost); a failed transaction fails every item in it, and none of them is stored. Holders'
// single writes use the store's own group commit instead (store.grouped), which gives each write a savepoint
// of its own.
import type { Repositories } from '../../store/store.ts';
import type { Context } from '../context.ts';

interface Pending<T, R> {
  item: T;
  settle: { resolve(result: R): void; reject(error: unknown): void };
}

/** Resolves after the I/O waiting now has been read: items that arrived meanwhile are parsed and pending. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class CommitQueue<T, R> {
  private pending: Array<Pending<T, R>> = [];
  private flushing: Promise<void> | null = null;

  /**
   * `commit` stores one group in one transaction and returns each item's result, in order; `groupSize`
   * says how many of the pending items (at least one) the next group takes.
   */
  constructor(
    private readonly ctx: Context,
    private readonly commit: (tx: Repositories, group: readonly T[]) => Promise<R[]>,
    private readonly groupSize: (pending: readonly T[]) => number,
  ) {}

  /** Queues one item for the next group; resolves with its result once the group has committed. */
  add(item: T): Promise<R> {
    const answer = new Promise<R>((resolve, reject) => this.pending.push({ item, settle: { resolve, reject } }));
    this.flushing ??= this.flush();
    return answer;
  }

  /** Resolves once every item added so far is committed (and answered): what shutdown waits for. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      // SQLite commits on the event loop (better-sqlite3 is synchronous): while one commit is on disk no
      // other request is even read. Starting the next group at once would make every group one item;
      // waiting one turn lets the ones that queued up meanwhile join it.
      await nextTurn();
      const group = this.pending.splice(0, Math.max(1, this.groupSize(this.pending.map((p) => p.item))));
      try {
        const results = await this.ctx.store.transaction((tx) => this.commit(tx, group.map((p) => p.item)));
        group.forEach((p, i) => p.settle.resolve(results[i]!));
      } catch (error) {
        for (const p of group) p.settle.reject(error);
      }
    }
    this.flushing = null;
  }
}
