// What a reader connecting to the push stream at version `from` is sent: first what it missed (the chain of
// deltas, or `resync` when a snapshot is cheaper and it should fetch the sync plan), then the latest
// heartbeat, then every delta and heartbeat as the publisher publishes them. Framing them is HTTP's job.
import type { Context } from '../context.ts';
import { deltaChain } from './delta-chain.ts';
import type { ListEvent, ListPublisher } from './publisher.ts';

/** One thing to send down the push stream. */
export type PushEvent = ListEvent;

export interface Following {
  /** Settles once the catch-up is sent and events flow live; rejects if the store fails meanwhile. */
  caughtUp: Promise<void>;
  /** Stops sending: call it when the connection closes, even during the catch-up. */
  stop(): void;
}

/**
 * Sends a reader at version `from` what it missed, then every published event, through `send`.
 * @example
 * const following = followList(ctx, publisher, 41, (e) => res.write(frameOf(e)));
 * request.raw.on('close', following.stop);
 * await following.caughtUp;
 */
export function followList(ctx: Context, publisher: ListPublisher, from: number, send: (event: PushEvent) => void): Following {
  // Subscribe before catching up, so that nothing published meanwhile is lost; the reader ignores a
  // delta whose `from` is not its version, so a duplicate is harmless.
  const queued: ListEvent[] = [];
  let live = false;
  let stopped = false;
  const unsubscribe = publisher.subscribe((e) => (live ? send(e) : queued.push(e)));
  const stop = () => {
    stopped = true;
    unsubscribe();
  };
  const caughtUp = (async () => {
    let at = from;
    for await (const e of missedSince(ctx, from, publisher.version)) {
      if (stopped) return;
      send(e);
      if (e.kind === 'delta') at = e.version;
    }
    if (stopped) return;
    const beat = publisher.latestHeartbeat();
    if (beat) send({ kind: 'heartbeat', ...beat });
    for (const e of queued) if (e.kind !== 'delta' || e.fromVersion >= at) send(e);
    live = true;
  })();
  return { caughtUp, stop };
}

/** The deltas from `from` to the published version, read one file at a time; or one `resync`. */
async function* missedSince(ctx: Context, from: number, published: number): AsyncGenerator<PushEvent> {
  if (from === published) return;
  const chain = await deltaChain(ctx, from, published);
  if (!chain) {
    yield { kind: 'resync', version: published };
    return;
  }
  for (const step of chain) {
    const bytes = await ctx.store.lists.getFile('delta', step.fromVersion, step.version);
    if (!bytes) {
      // A file gone from under us: the sync plan knows another way.
      yield { kind: 'resync', version: published };
      return;
    }
    yield { kind: 'delta', fromVersion: step.fromVersion, version: step.version, bytes };
  }
}
