// Group commit for short writes that arrive many at a time (holders upgrading and unbinding): writes that
// arrive while a commit is on disk wait and then share the next transaction, each in its own savepoint, so
// a hundred holders at once cost a few commits (fsyncs), not one each. Durability is the engine's as ever:
// every write is answered only after the transaction that holds it has committed.
import type { Repositories } from './repositories/index.ts';
import { TransactionLost, type Transaction } from './transaction.ts';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  write: (tx: Repositories) => Promise<unknown>;
  settle(outcome: Outcome): void;
  requeued?: boolean;
}

export interface GroupCommitOptions {
  /**
   * How many groups may be open at once. SQLite has one connection, so one; PostgreSQL runs each statement
   * as a round trip, so while one group waits on the network another can run (and PostgreSQL flushes
   * concurrent commits together on its own).
   */
  parallel?: number;
  /**
   * Whether a write's error says it collided with another open transaction (PostgreSQL: a deadlock between
   * two groups taking the same rows in opposite order). Such a write is run once more, in a later group.
   */
  isConflict?: (error: unknown) => boolean;
}

// Enough to take in a burst from hundreds of holders; few enough that a group's statements (run one after
// another) do not keep its first write waiting long.
const GROUP_MAX = 64;

export class GroupCommit {
  private pending: Pending[] = [];
  // Counted down in the same step that finds the queue empty, so that a write queued just after starts a
  // new group instead of waiting for a flush that has already looked for the last time.
  private flushers = 0;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly transaction: <T>(fn: (tx: Transaction) => Promise<T>) => Promise<T>,
    private readonly options: GroupCommitOptions = {},
  ) {}

  /** Queues one write for the next group; resolves with its result once the group has committed. */
  run<T>(write: (tx: Repositories) => Promise<T>): Promise<T> {
    const answer = new Promise<T>((resolve, reject) =>
      this.pending.push({ write, settle: (o) => (o.ok ? resolve(o.value as T) : reject(o.error)) }),
    );
    // The group starts after the event loop's next poll, not at once: on SQLite a whole transaction, fsync
    // included, runs without yielding to I/O, so the requests that arrived meanwhile are parsed (and their
    // session read) only then — started at once, every group would hold one write.
    if (this.flushers < (this.options.parallel ?? 1)) {
      this.flushers++;
      const flushing: Promise<void> = new Promise((resolve) => setImmediate(resolve)).then(() => this.flush());
      this.flushing.add(flushing);
      void flushing.then(() => this.flushing.delete(flushing));
    }
    return answer;
  }

  /** Resolves once every write queued so far is committed (and answered): what closing the store waits for. */
  async idle(): Promise<void> {
    while (this.flushers > 0 || this.flushing.size > 0) await Promise.all(this.flushing);
  }

  private async flush(): Promise<void> {
    for (;;) {
      if (this.pending.length === 0) {
        this.flushers--;
        return;
      }
      const group = this.pending.splice(0, GROUP_MAX);
      try {
        const outcomes = await this.transaction(async (tx) => {
          const out: Array<Outcome | 'again'> = [];
          for (const p of group) {
            try {
              out.push({ ok: true, value: await tx.savepoint(() => p.write(tx)) });
            } catch (error) {
              // A write refused alone (a coded refusal, a unique violation) is answered with its error and the
              // group goes on; a transaction the engine ended fails the whole group, none of it committed.
              if (error instanceof TransactionLost) throw error.cause;
              out.push(!p.requeued && this.options.isConflict?.(error) ? 'again' : { ok: false, error });
            }
          }
          return out;
        });
        group.forEach((p, i) => {
          const outcome = outcomes[i]!;
          if (outcome !== 'again') return p.settle(outcome);
          p.requeued = true;
          this.pending.push(p);
        });
      } catch (error) {
        for (const p of group) p.settle({ ok: false, error });
      }
    }
  }
}
