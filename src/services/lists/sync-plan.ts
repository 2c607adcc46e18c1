// What a reader at some version fetches to become current: the chain of deltas when it is short and
// unbroken, otherwise the latest snapshot and the deltas after it.
import { YktError } from '../../domain/errors.ts';
import type { Context } from '../context.ts';

/** Longest delta chain offered before a snapshot is cheaper. */
const MAX_CHAIN = 200;

export async function syncPlan(ctx: Context, from: number, base: string): Promise<{ version: number; snapshot: string | null; deltas: string[] }> {
  const state = await ctx.store.lists.state();
  if (!state) throw new YktError('LIST_NOT_READY');
  const deltaUrl = (d: { fromVersion: number; version: number }) => `${base}/delta/${d.fromVersion}/${d.version}`;
  if (from === state.version) return { version: state.version, snapshot: null, deltas: [] };
  const chainFrom = async (start: number) => {
    const chain = [];
    let at = start;
    for (const d of await ctx.store.lists.fileVersions('delta', start + 1)) {
      if (d.fromVersion !== at) return null;
      chain.push(d);
      at = d.version;
      if (chain.length > MAX_CHAIN) return null;
    }
    return at === state.version ? chain : null;
  };
  if (from > 0 && from < state.version) {
    const chain = await chainFrom(from);
    if (chain) return { version: state.version, snapshot: null, deltas: chain.map(deltaUrl) };
  }
  const snapshot = await ctx.store.lists.latestSnapshotVersion();
  if (snapshot === null) throw new YktError('LIST_NOT_READY');
  const chain = (await chainFrom(snapshot)) ?? [];
  return { version: state.version, snapshot: `${base}/snapshot/${snapshot}`, deltas: chain.map(deltaUrl) };
}
