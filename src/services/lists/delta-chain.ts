// The one walk along the chain of deltas. A reader at version V becomes current by applying the delta
// V→V1, then V1→V2, … up to the current version; whoever serves or follows the list (the sync plan, the
// push catch-up, the server's own copy in the publisher) asks here which deltas those are, and falls back
// to a snapshot when there is no such chain.
import type { Context } from '../context.ts';

/**
 * Longest chain of deltas worth walking; beyond it, a snapshot is cheaper.
 *
 * One limit fits every walker because a snapshot is made every SNAPSHOT_EVERY_VERSIONS (three quarters of
 * this) versions, as a rule: whoever is further behind than this has a snapshot newer than its own version,
 * and that snapshot plus the shorter chain after it is less to fetch, verify and apply than the long chain.
 * The chain after the latest snapshot is walked whatever its length (`limit` Infinity): while a snapshot is
 * being made, or when versions come faster than one snapshot in 5 minutes (publisher.ts), the versions go on,
 * and a reader that loaded the latest snapshot has no other way forward. The sync plan (MAX_CHAIN) and the push catch-up (CATCH_UP_LIMIT) each used
 * 200 already; the publisher walked without a limit, and now loads the snapshot too when more than this
 * behind, which only happens after a long stall — readers following its pushes then see a delta that does
 * not start at their version and fetch the sync plan, as they do for any gap.
 */
export const MAX_DELTA_CHAIN = 200;

/** One delta file: it takes a list from `fromVersion` to `version`. */
export interface DeltaStep {
  fromVersion: number;
  version: number;
}

/**
 * The contiguous chain of deltas from version `from` to version `to`: [] when they are equal, null when
 * there is no unbroken chain (from 0 or beyond `to`, a missing file) or when it is longer than `limit` —
 * then the caller offers a snapshot instead.
 * @example
 * const chain = await deltaChain(ctx, 41, 44); // [{ fromVersion: 41, version: 42 }, { fromVersion: 42, version: 44 }]
 * if (chain === null) { … the latest snapshot, then deltaChain(ctx, snapshotVersion, 44) … }
 */
export async function deltaChain(ctx: Context, from: number, to: number, limit = MAX_DELTA_CHAIN): Promise<DeltaStep[] | null> {
  if (from === to) return [];
  // No delta starts at 0 (the first version is a snapshot), and a reader ahead of `to` has nothing to walk.
  if (from <= 0 || from > to) return null;
  const chain: DeltaStep[] = [];
  let at = from;
  for (const step of await ctx.store.lists.fileVersions('delta', from + 1)) {
    if (step.fromVersion !== at || step.version > to) return null;
    chain.push(step);
    at = step.version;
    if (chain.length > limit) return null;
    if (at === to) return chain;
  }
  return null;
}
