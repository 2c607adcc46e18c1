// The one walk along the chain of deltas, over a real SQLite store that holds just the delta files named.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Context } from '../../../src/services/context.ts';
import { deltaChain, MAX_DELTA_CHAIN } from '../../../src/services/lists/delta-chain.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { tempDataDir } from '../../support/system.ts';

const opened: Store[] = [];
after(() => Promise.all(opened.map((store) => store.close())));

/** A context whose store holds the deltas [from, to] named, and nothing else. */
async function holding(deltas: Array<[number, number]>): Promise<Context> {
  const store = await openSqliteStore(path.join(tempDataDir(), 'ykt.sqlite'));
  opened.push(store);
  await store.migrate();
  for (const [fromVersion, version] of deltas) {
    await store.lists.insertFile({ kind: 'delta', fromVersion, version, bytes: new Uint8Array([1]), builtAt: 0 });
  }
  return { store } as Context;
}

const steps = (...pairs: Array<[number, number]>) => pairs.map(([fromVersion, version]) => ({ fromVersion, version }));

test('walks the deltas from a version to the current one, versions being sequence numbers with gaps', async () => {
  const ctx = await holding([[3, 7], [7, 8], [8, 12]]);
  assert.deepEqual(await deltaChain(ctx, 3, 12), steps([3, 7], [7, 8], [8, 12]));
  assert.deepEqual(await deltaChain(ctx, 7, 12), steps([7, 8], [8, 12]));
});

test('stops at the version asked for, even when later deltas exist', async () => {
  assert.deepEqual(await deltaChain(await holding([[3, 7], [7, 8], [8, 12]]), 3, 8), steps([3, 7], [7, 8]));
});

test('a reader already current walks nothing', async () => {
  assert.deepEqual(await deltaChain(await holding([[3, 7]]), 7, 7), []);
});

test('offers no chain from nothing, from ahead, from a version no delta starts at, or across a gap', async () => {
  const ctx = await holding([[3, 7], [8, 12]]);
  assert.equal(await deltaChain(ctx, 0, 12), null);
  assert.equal(await deltaChain(ctx, 13, 12), null);
  assert.equal(await deltaChain(ctx, 5, 12), null);
  assert.equal(await deltaChain(ctx, 3, 12), null, 'no delta 7→8');
  assert.equal(await deltaChain(ctx, 3, 10), null, 'no version 10 to stop at');
});

test(`offers a chain of ${MAX_DELTA_CHAIN} deltas, and none longer: then a snapshot is cheaper`, async () => {
  const chain = Array.from({ length: MAX_DELTA_CHAIN + 1 }, (_, i) => [i + 1, i + 2] as [number, number]);
  const ctx = await holding(chain);
  assert.equal((await deltaChain(ctx, 1, MAX_DELTA_CHAIN + 1))?.length, MAX_DELTA_CHAIN);
  assert.equal(await deltaChain(ctx, 1, MAX_DELTA_CHAIN + 2), null);
});
