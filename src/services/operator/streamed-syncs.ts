// A heartbeat goes down every open push stream in one go, and each stream's reader then counts as in sync
// (DESIGN §6: /ops flags silent and behind readers). Written down one by one, a thousand streams meant a
// thousand commits — each an fsync on the event loop at synchronous = FULL — all at once every 30 s, and
// every holder's upgrade waited behind them for the better part of a second. Here the readers a heartbeat
// reached are gathered by the feeds' group commit (CommitQueue) and written in a few statements.
import type { Repositories, Terminal } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { CommitQueue } from '../feeds/commit-queue.ts';

/** A reader in sync on its push stream is written down at most this often (30 k streams, one heartbeat each per 30 s). */
const STREAMED_REPORT_MS = 60_000;
// Terminal ids per group (one transaction): well within SQLite's and PostgreSQL's limits on bound parameters,
// and short enough that a holder's write queued behind them waits for one statement at a time, not for all.
const IDS_PER_WRITE = 1000;

interface StreamedSync {
  terminalId: string;
  version: number;
}

/** How many pending syncs the next group takes: as many as name at most IDS_PER_WRITE readers (always at least one). */
function syncsPerGroup(pending: readonly StreamedSync[]): number {
  const readers = new Set<string>();
  let count = 0;
  while (count < pending.length && (readers.has(pending[count]!.terminalId) || readers.size < IDS_PER_WRITE)) readers.add(pending[count++]!.terminalId);
  return count;
}

/** Writes a group down: each reader once, one statement per list version the heartbeats carried. */
async function writeDown(tx: Repositories, group: readonly StreamedSync[], at: number): Promise<void> {
  const byVersion = new Map<number, Set<string>>();
  for (const { terminalId, version } of group) {
    let ids = byVersion.get(version);
    if (!ids) byVersion.set(version, (ids = new Set()));
    ids.add(terminalId);
  }
  for (const [version, ids] of byVersion) await tx.terminals.streamedSync([...ids], version, at);
}

export class StreamedSyncs {
  private readonly queue: CommitQueue<StreamedSync, void>;

  constructor(private readonly ctx: Context) {
    this.queue = new CommitQueue(
      ctx,
      async (tx, group) => {
        await writeDown(tx, group, ctx.clock());
        return group.map(() => undefined);
      },
      syncsPerGroup,
    );
  }

  /**
   * A heartbeat at `version` went down the reader's open push stream: every delta before it did too, so the
   * reader counts as in sync at that version (and not silent) even when it sends no request of its own.
   * Resolves once written down, with the other streams the same heartbeat reached.
   * @example await parts.streamedSyncs.record(terminal, publisher.version);
   */
  record(terminal: Terminal, version: number): Promise<void> {
    const recent = terminal.lastSyncAt !== null && this.ctx.clock() - terminal.lastSyncAt < STREAMED_REPORT_MS;
    if (terminal.listVersion === version && recent) return Promise.resolve();
    // The publisher hands a heartbeat to every stream within one turn of the event loop, and the queue
    // waits a turn before each group: by then, all the streams it reached are gathered.
    return this.queue.add({ terminalId: terminal.id, version });
  }

  /** Resolves once every sync recorded so far is written down: what stopping the server waits for. */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
