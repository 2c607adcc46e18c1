// Snapshots are made apart from the builds: on a read-only view that holds no writer back, in a worker
// thread, by the publisher on its own once readers far behind need one — on both stores.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../../src/config.ts';
import { ReaderList } from '../../../src/readers/sdk/index.ts';
import { seedDemo } from '../../../src/services/demo/seed.ts';
import { upgrade } from '../../../src/services/holder/upgrade.ts';
import { buildNextVersion, SNAPSHOT_EVERY_VERSIONS } from '../../../src/services/lists/builder.ts';
import { MAX_DELTA_CHAIN } from '../../../src/services/lists/delta-chain.ts';
import { ListPublisher } from '../../../src/services/lists/publisher.ts';
import { syncPlan } from '../../../src/services/lists/sync-plan.ts';
import { connectStore } from '../../../src/store/open-store.ts';
import { openSystem, type System } from '../../../src/system.ts';
import { freshDatabase, testStores } from '../../support/postgres.ts';
import { tempDataDir } from '../../support/system.ts';

/** Binds three fresh cards to three passport holders: entries for the list. */
async function bindCards(system: System): Promise<void> {
  const { ctx } = system;
  for (let i = 1; i <= 3; i++) {
    const document = { type: 'passport' as const, number: `S${String(i).padStart(7, '0')}`, state: 'DEU' };
    const person = await ctx.store.people.ensure({
      docType: 'passport', docKey: ctx.personalData.documentKey(document), docSealed: ctx.personalData.seal({ document }), docMasked: 'S0*****0', at: ctx.clock(),
    });
    const card = await ctx.store.cards.insert({ number: `6666200${String(i).padStart(9, '0')}`, medium: 'physical', product: 'ordinary', state: 'active', depositFen: 2000, balanceFen: 0, updatedAt: ctx.clock() });
    await upgrade(ctx, { personId: person.id, channel: 'kit', cardNumber: card.number, medium: 'physical', agreementVersion: 1 });
  }
}

/** One more list version: a change of a bound card that changes nothing in its entry. */
async function oneVersion(system: System): Promise<number> {
  const now = system.ctx.clock();
  await system.ctx.store.transaction((tx) => tx.changes.append('health', 1, null, now));
  const built = await buildNextVersion(system.ctx);
  assert.ok(built, 'a change makes a version');
  return built.version;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const { name, skip } of testStores()) {
  describe(`snapshots made apart (${name})`, { skip, timeout: 120_000 }, () => {
    let system: System;
    let config: ReturnType<typeof loadConfig>;

    before(async () => {
      const databaseUrl = name === 'postgres' ? await freshDatabase() : undefined;
      config = loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: tempDataDir(), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
      system = await openSystem(config, pino({ level: 'silent' }));
      await seedDemo(system.ctx);
      await bindCards(system);
      await buildNextVersion(system.ctx);
    });
    after(() => system.close());

    test('a read view sees one moment, and a build commits while it is open', async () => {
      const other = await connectStore(config);
      try {
        await other.readView(async (view) => {
          const seen = (await view.lists.state())!.version;
          // Were the view holding the write lock, this build would wait for it and the test would time out.
          const newer = await oneVersion(system);
          assert.ok(newer > seen);
          assert.equal((await view.lists.state())!.version, seen, 'the view still sees the moment it started at');
          assert.equal((await system.ctx.store.lists.state())!.version, newer);
        });
      } finally {
        await other.close();
      }
    });

    test(`after ${SNAPSHOT_EVERY_VERSIONS} versions the publisher makes a snapshot in a worker, and new readers load it`, async () => {
      const first = (await system.ctx.store.lists.latestSnapshotVersion())!;
      // More versions than a chain of deltas may have: until the snapshot is made, a reader at the latest
      // snapshot is given the long chain, not that snapshot again (which it would refuse as not newer).
      let version = 0;
      for (let i = 0; i <= MAX_DELTA_CHAIN; i++) version = await oneVersion(system);
      assert.equal(await system.ctx.store.lists.latestSnapshotVersion(), first, 'no build made a snapshot itself');
      const long = await syncPlan(system.ctx, first, '/lists');
      assert.equal(long.snapshot, null);
      assert.ok(long.deltas.length > MAX_DELTA_CHAIN);
      assert.match(long.deltas.at(-1)!, new RegExp(`/${version}$`));

      const publisher = new ListPublisher(system.ctx);
      try {
        await publisher.poke();
        await waitFor('the snapshot', async () => (await system.ctx.store.lists.latestSnapshotVersion()) === version);
      } finally {
        await publisher.stop();
      }

      // What a new reader is told to fetch, and what it then holds: the store's list, verified.
      const plan = await syncPlan(system.ctx, 0, '/lists');
      assert.deepEqual(plan, { version, snapshot: `/lists/snapshot/${version}`, deltas: [] });
      const bytes = (await system.ctx.store.lists.getFile('snapshot', version, version))!;
      const state = (await system.ctx.store.lists.state())!;
      const reader = new ReaderList({ rootKeys: system.ctx.keyRing.rootKeys, hashKeys: new Map([[state.hashKeyId, system.ctx.keyRing.hashKeys.byId(state.hashKeyId)]]) });
      assert.deepEqual(await reader.loadSnapshot(bytes), { ok: true, version });
      const stored = await system.ctx.store.lists.entries();
      assert.equal(stored.size, 3);
      assert.equal(reader.size, 3);
      const held = new Map(reader.entries());
      for (const entry of stored.values()) {
        const key = reader.cardKey(entry.number)!.cardKey;
        assert.equal(held.get(key), entry.value, 'each stored entry is in the snapshot with its value');
      }
    });
  });
}
