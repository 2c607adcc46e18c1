// A heartbeat goes down every open push stream in one go, and each stream's reader then counts as in sync
// (DESIGN §6: /ops flags silent and behind readers). Written down one by one, a thousand streams meant a
// thousand commits — each an fsync on the event loop at synchronous = FULL — all at once every 30 s, and
// every holder's upgrade waited behind them for the better part of a second. Here the readers a heartbeat
// reached are gathered and written in a few statements.
import type { Terminal } from '../../store/store.ts';
import type { Context } from '../context.ts';

/** A reader in sync on its push stream is written down at most this often (30 k streams, one heartbeat each per 30 s). */
const STREAMED_REPORT_MS = 60_000;
// Terminal ids per statement: well within SQLite's and PostgreSQL's limits on bound parameters, and short
// enough that a holder's write queued behind them waits for one statement at a time, not for all.
const IDS_PER_WRITE = 1000;

export class StreamedSyncs {
  /** Terminal ids to write down, by the list version their heartbeat carried. */
  private pending = new Map<number, Set<string>>();
  /** The write that will take what is pending, and the latest one started (what idle() waits for). */
  private next: Promise<void> | null = null;
  private latest: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: Context) {}

  /**
   * A heartbeat at `version` went down the reader's open push stream: every delta before it did too, so the
   * reader counts as in sync at that version (and not silent) even when it sends no request of its own.
   * Resolves once written down, with the other streams the same heartbeat reached.
   * @example await parts.streamedSyncs.record(terminal, publisher.version);
   */
  record(terminal: Terminal, version: number): Promise<void> {
    const recent = terminal.lastSyncAt !== null && this.ctx.clock() - terminal.lastSyncAt < STREAMED_REPORT_MS;
    if (terminal.listVersion === version && recent) return Promise.resolve();
    let ids = this.pending.get(version);
    if (!ids) this.pending.set(version, (ids = new Set()));
    ids.add(terminal.id);
    // The publisher hands a heartbeat to every stream within one turn of the event loop: by the next, all
    // the streams it reached are gathered.
    this.next ??= this.latest = new Promise((resolve) => setImmediate(resolve)).then(() => this.flush());
    return this.next;
  }

  /** Resolves once every sync recorded so far is written down: what stopping the server waits for. */
  async idle(): Promise<void> {
    for (let seen = null; seen !== this.latest; ) {
      seen = this.latest;
      await seen.catch(() => undefined);
    }
  }

  private async flush(): Promise<void> {
    const batches = this.pending;
    this.pending = new Map();
    this.next = null;
    const at = this.ctx.clock();
    for (const [version, ids] of batches) {
      const all = [...ids];
      for (let i = 0; i < all.length; i += IDS_PER_WRITE) await this.ctx.store.terminals.streamedSync(all.slice(i, i + IDS_PER_WRITE), version, at);
    }
  }
}
