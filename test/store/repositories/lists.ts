// The reader list: facts, state, entries (the engines' bulk paths), files, and the build lock.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { card, person, type StoreCase } from '../support/case.ts';

const sorted = (entries: Iterable<readonly [string, number]>) => [...entries].map(([n, v]) => [n, v]).sort(([a], [b]) => String(a).localeCompare(String(b)));

export function listsContract(c: StoreCase): void {
  describe('reader lists', () => {
    let bound: number;
    let other: number;
    let unbound: number;
    let holder: number;

    before(async () => {
      const { store } = c;
      holder = await person(store, 'key-facts');
      bound = (await store.cards.insert(card('3500000000000001'))).id;
      other = (await store.cards.insert(card('3500000000000002', { medium: 'nfc', product: 'mobile-nfc', state: 'lost' }))).id;
      unbound = (await store.cards.insert(card('3500000000000003'))).id;
      await store.bindings.insert({ cardId: bound, personId: holder, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 1 });
      await store.bindings.insert({ cardId: other, personId: holder, medium: 'nfc', channel: 'kit', agreementVersion: 1, createdAt: 1 });
      await store.health.put(new Map([['key-facts', { recordId: 'f1', colour: 'green', testedAt: 40, recordedAt: 50 }]]), 60);
    });

    test('reads the facts of actively bound cards only, by card ids or a page at a time in card order', async () => {
      const health = { recordId: 'f1', colour: 'green', testedAt: 40, recordedAt: 50 };
      const facts = await c.store.lists.boundCardFacts({ cardIds: [unbound, other, bound] });
      assert.deepEqual([...facts].sort((a, b) => a.cardId - b.cardId), [
        { cardId: bound, cardNumber: '3500000000000001', cardState: 'active', personId: holder, health },
        { cardId: other, cardNumber: '3500000000000002', cardState: 'lost', personId: holder, health },
      ]);
      assert.deepEqual((await c.store.lists.boundCardFacts({ afterCardId: bound - 1, limit: 1 })).map((f) => f.cardId), [bound]);
      assert.deepEqual((await c.store.lists.boundCardFacts({ afterCardId: bound, limit: 5 })).map((f) => f.cardId), [other]);
    });

    test('a card without a health record has null health in its facts', async () => {
      const someone = await person(c.store, 'key-no-record');
      const { id } = await c.store.cards.insert(card('3500000000000004'));
      await c.store.bindings.insert({ cardId: id, personId: someone, medium: 'physical', channel: 'app', agreementVersion: 1, createdAt: 1 });
      assert.equal((await c.store.lists.boundCardFacts({ cardIds: [id] }))[0]!.health, null);
    });

    test('keeps one list state, replaced on each build', async () => {
      assert.equal(await c.store.lists.state(), undefined);
      await c.store.lists.setState({ version: 1, policyVersion: 1, builtAt: 100, hashKeyId: 494_000, signKeyId: 2 });
      await c.store.lists.setState({ version: 2, policyVersion: 3, builtAt: 200, hashKeyId: 494_000, signKeyId: 2 });
      assert.deepEqual(await c.store.lists.state(), { version: 2, policyVersion: 3, builtAt: 200, hashKeyId: 494_000, signKeyId: 2 });
    });

    test('sets, replaces and removes entries, and scans the whole list, through the engine’s bulk path', async () => {
      const { lists } = c.store;
      await lists.putEntries(new Map([[bound, { number: 'n-1', value: 7 }], [other, { number: 'n-2', value: 9 }]]));
      assert.deepEqual(await lists.entries(), new Map([[bound, { number: 'n-1', value: 7 }], [other, { number: 'n-2', value: 9 }]]));
      assert.deepEqual(await lists.entries([other, unbound]), new Map([[other, { number: 'n-2', value: 9 }]]));
      assert.deepEqual(sorted(await lists.scanEntries()), [['n-1', 7], ['n-2', 9]]);
      await lists.putEntries(new Map([[bound, { number: 'n-1', value: 8 }], [other, null]]));
      assert.deepEqual(await lists.entries(), new Map([[bound, { number: 'n-1', value: 8 }]]));
      assert.deepEqual(sorted(await lists.scanEntries()), [['n-1', 8]]);
    });

    test('writes a thousand entries in one call, and a transaction that throws takes its entries back', async () => {
      const many = new Map(Array.from({ length: 1_200 }, (_, i) => [100_000 + i, { number: `m-${i}`, value: i }] as const));
      await c.store.lists.putEntries(many);
      assert.equal((await c.store.lists.entries()).size, 1_201);
      await assert.rejects(
        c.store.transaction(async (tx) => {
          await tx.lists.putEntries(new Map([[bound, null], [unbound, { number: 'n-3', value: 1 }]]));
          throw new Error('build failed');
        }),
        /build failed/,
      );
      const after = await c.store.lists.entries([bound, unbound]);
      assert.deepEqual(after, new Map([[bound, { number: 'n-1', value: 8 }]]));
      await c.store.lists.putEntries(new Map([...many.keys()].map((id) => [id, null] as const)));
      assert.equal([...(await c.store.lists.scanEntries())].length, 1);
    });

    test('stores each list file once and finds the latest snapshot and the files since a version', async () => {
      const { lists } = c.store;
      assert.equal(await lists.latestSnapshotVersion(), null);
      await lists.insertFile({ kind: 'snapshot', fromVersion: 0, version: 3, bytes: new Uint8Array([1, 2, 3]), builtAt: 1 });
      await lists.insertFile({ kind: 'snapshot', fromVersion: 0, version: 3, bytes: new Uint8Array([9]), builtAt: 2 });
      assert.deepEqual(await lists.getFile('snapshot', 0, 3), new Uint8Array([1, 2, 3]));
      assert.equal(await lists.getFile('delta', 0, 3), undefined);
      await lists.insertFile({ kind: 'delta', fromVersion: 3, version: 4, bytes: new Uint8Array([4]), builtAt: 3 });
      await lists.insertFile({ kind: 'delta', fromVersion: 4, version: 5, bytes: new Uint8Array([5]), builtAt: 4 });
      await lists.insertFile({ kind: 'snapshot', fromVersion: 0, version: 5, bytes: new Uint8Array([5, 5]), builtAt: 4 });
      assert.equal(await lists.latestSnapshotVersion(), 5);
      assert.deepEqual(await lists.fileVersions('delta', 4), [{ fromVersion: 3, version: 4 }, { fromVersion: 4, version: 5 }]);
      assert.deepEqual(await lists.fileVersions('delta', 5), [{ fromVersion: 4, version: 5 }]);
      assert.deepEqual(await lists.fileVersions('snapshot', 0), [{ fromVersion: 0, version: 3 }, { fromVersion: 0, version: 5 }]);
    });

    test('prunes the files no reader needs: snapshots before the newest two, deltas starting before the older one', async () => {
      const { lists } = c.store;
      // After the test above: snapshots 3 and 5, deltas 3→4 and 4→5. Two snapshots: nothing to prune.
      assert.equal(await lists.pruneFiles(), 0);
      await lists.insertFile({ kind: 'delta', fromVersion: 5, version: 6, bytes: new Uint8Array([6]), builtAt: 5 });
      await lists.insertFile({ kind: 'snapshot', fromVersion: 6, version: 6, bytes: new Uint8Array([6, 6]), builtAt: 5 });
      assert.equal(await lists.pruneFiles(), 3, 'snapshot 3 and the deltas 3→4 and 4→5');
      assert.deepEqual(await lists.fileVersions('snapshot', 0), [{ fromVersion: 0, version: 5 }, { fromVersion: 6, version: 6 }]);
      assert.deepEqual(await lists.fileVersions('delta', 0), [{ fromVersion: 5, version: 6 }]);
      assert.equal(await lists.pruneFiles(), 0);
    });

    test('a list build holds back change-log appends from other transactions until it commits', async () => {
      const events: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const build = c.store.transaction(async (tx) => {
        await tx.lists.lockBuilds();
        events.push('locked');
        locked();
        await held;
        events.push('built');
      });
      await isLocked;
      const append = c.store.transaction(async (tx) => {
        await tx.changes.append('policy', null, null, 1);
        events.push('appended');
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      release();
      await Promise.all([build, append]);
      assert.deepEqual(events, ['locked', 'built', 'appended']);
    });
  });
}
