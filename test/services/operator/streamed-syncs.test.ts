// Readers kept in sync by the heartbeats down their push streams, written down together, over a real SQLite store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Context } from '../../../src/services/context.ts';
import { StreamedSyncs } from '../../../src/services/operator/streamed-syncs.ts';
import { Terminals } from '../../../src/store/repositories/terminals.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store, Terminal } from '../../../src/store/store.ts';
import { tempDataDir } from '../../support/system.ts';

const NOW = 1_750_000_000_000;
const opened: Store[] = [];
after(() => Promise.all(opened.map((store) => store.close())));

// streamedSync statements run, counted on the repository class: the writes run on the repositories of a
// transaction, not on the store's own.
let streamedSyncs = 0;
const streamedSync = Terminals.prototype.streamedSync;
Terminals.prototype.streamedSync = function (ids, version, at) {
  streamedSyncs++;
  return streamedSync.call(this, ids, version, at);
};

const gate = (id: string, synced: { listVersion: number; lastSyncAt: number } | null = null): Terminal => ({
  id,
  kind: 'metro-gate',
  line: 'L1',
  station: 'Wangfujing',
  secretHash: `hash-${id}`,
  enrolledAt: 0,
  revokedAt: null,
  listVersion: synced?.listVersion ?? null,
  lastSyncAt: synced?.lastSyncAt ?? null,
  softwareVersion: '2.1.0',
});

/** A store holding `terminals`, and how many streamedSync statements ran since. */
async function holding(terminals: Terminal[]): Promise<{ ctx: Context; statements: () => number }> {
  const store = await openSqliteStore(path.join(tempDataDir(), 'ykt.sqlite'));
  opened.push(store);
  await store.migrate();
  await store.transaction(async (tx) => {
    for (const t of terminals) await tx.terminals.insert(t);
  });
  const before = streamedSyncs;
  return { ctx: { store, clock: () => NOW } as Context, statements: () => streamedSyncs - before };
}

test('a heartbeat down a thousand streams of three readers writes each reader down once, in one statement', async () => {
  const readers = ['TA', 'TB', 'TC'].map((id) => gate(id));
  const { ctx, statements } = await holding(readers);
  const syncs = new StreamedSyncs(ctx);
  await Promise.all(Array.from({ length: 1000 }, (_, i) => syncs.record(readers[i % 3]!, 42)));
  assert.equal(statements(), 1);
  for (const { id } of readers) assert.deepEqual(await ctx.store.terminals.get(id), { ...gate(id), listVersion: 42, lastSyncAt: NOW });
});

test('thousands of readers are written a thousand to a statement, so that a holder waits for one of them at a time', async () => {
  const readers = Array.from({ length: 2500 }, (_, i) => gate(`T${i}`));
  const { ctx, statements } = await holding(readers);
  const syncs = new StreamedSyncs(ctx);
  await Promise.all(readers.map((t) => syncs.record(t, 7)));
  assert.equal(statements(), 3);
  const all = await ctx.store.terminals.all();
  assert.equal(all.filter((t) => t.listVersion === 7 && t.lastSyncAt === NOW).length, 2500);
});

test('a reader written down at this version within the minute is not written again; one at an older version, or a minute ago, is', async () => {
  const current = gate('TCUR', { listVersion: 42, lastSyncAt: NOW - 59_000 });
  const stale = gate('TOLD', { listVersion: 42, lastSyncAt: NOW - 61_000 });
  const behind = gate('TBEH', { listVersion: 41, lastSyncAt: NOW - 1_000 });
  const { ctx, statements } = await holding([current, stale, behind]);
  const syncs = new StreamedSyncs(ctx);
  await syncs.record(current, 42);
  assert.equal(statements(), 0);
  await Promise.all([syncs.record(stale, 42), syncs.record(behind, 42)]);
  assert.equal(statements(), 1);
  assert.equal((await ctx.store.terminals.get('TCUR'))!.lastSyncAt, NOW - 59_000);
  assert.equal((await ctx.store.terminals.get('TOLD'))!.lastSyncAt, NOW);
  assert.deepEqual(await ctx.store.terminals.get('TBEH'), { ...behind, listVersion: 42, lastSyncAt: NOW });
});

test('idle() resolves once every sync recorded so far is written down', async () => {
  const reader = gate('TIDLE');
  const { ctx } = await holding([reader]);
  const syncs = new StreamedSyncs(ctx);
  void syncs.record(reader, 5);
  await syncs.idle();
  assert.equal((await ctx.store.terminals.get('TIDLE'))!.listVersion, 5);
});
