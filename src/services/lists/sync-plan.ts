// What a reader at some version fetches to become current: the chain of deltas when it is short and
// unbroken, otherwise the latest snapshot and the deltas after it.
import { YktError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';
import { deltaChain, MAX_DELTA_CHAIN, type DeltaStep } from './delta-chain.ts';

export interface SyncPlan {
  /** The version the reader holds once it has applied the plan. */
  version: number;
  /** URL of the snapshot to load first, or null when deltas alone get the reader there. */
  snapshot: string | null;
  /** URLs of the deltas to apply in order. */
  deltas: string[];
}

/**
 * The files a reader at version `from` fetches to be current, as URLs under `base`, each passed through
 * `link` (the terminal routes sign them: list-links.ts).
 * @throws YktError LIST_NOT_READY before the first list version is built.
 * @example
 * await syncPlan(ctx, 41, '/api/v1/terminal/lists');
 * // { version: 43, snapshot: null, deltas: ['/api/v1/terminal/lists/delta/41/42', '/api/v1/terminal/lists/delta/42/43'] }
 */
export async function syncPlan(ctx: Context, from: number, base: string, link: (path: string) => string = (path) => path): Promise<SyncPlan> {
  const state = await ctx.store.lists.state();
  if (!state) throw new YktError('LIST_NOT_READY');
  const deltaUrl = (d: DeltaStep) => link(`${base}/delta/${d.fromVersion}/${d.version}`);
  // One walk of the chain, whatever its length: a long one still serves a reader the latest snapshot is not ahead of.
  const chain = await deltaChain(ctx, from, state.version, Infinity);
  if (chain && chain.length <= MAX_DELTA_CHAIN) return { version: state.version, snapshot: null, deltas: chain.map(deltaUrl) };
  const snapshot = await ctx.store.lists.latestSnapshotVersion();
  if (snapshot === null) throw new YktError('LIST_NOT_READY');
  // The newer snapshot is still being made (builder.ts snapshotOf): the long way, rather than a snapshot the
  // reader would refuse as older than its list.
  if (chain && snapshot <= from) return { version: state.version, snapshot: null, deltas: chain.map(deltaUrl) };
  const after = (await deltaChain(ctx, snapshot, state.version, Infinity)) ?? [];
  return { version: state.version, snapshot: link(`${base}/snapshot/${snapshot}`), deltas: after.map(deltaUrl) };
}
