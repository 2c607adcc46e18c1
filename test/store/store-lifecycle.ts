// The store's own methods beyond its repositories: migrating again, inspecting, watching list versions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UniqueViolation } from '../../src/store/store.ts';
import { card, type StoreCase } from './support/case.ts';

export function lifecycleContract(c: StoreCase): void {
  describe('the store itself', () => {
    test('migrating a migrated store changes nothing', async () => {
      const before = await c.store.dump();
      await c.store.migrate();
      assert.deepEqual(await c.store.dump(), before);
    });

    test('inspection shows every migration applied and the binding table’s unique indexes', async () => {
      const inspection = await c.store.inspect();
      assert.deepEqual(inspection.migrations, ['001-core', '002-taps', '003-service', '004-counter', '005-accounts', '006-contact', '007-outbox', '008-notices', '009-readers', '010-list-keys', '011-outlet-opening'].map((name) => ({ name, applied: true })));
      const names = inspection.bindingIndexes.map((i) => i.name);
      assert.ok(names.includes('binding_one_per_card') && names.includes('binding_one_per_person_medium'), names.join(', '));
      assert.match(inspection.bindingIndexes.find((i) => i.name === 'binding_one_per_card')!.definition, /UNIQUE/i);
    });

    test('a read view sees one moment while another client writes, and refuses writes of its own', async () => {
      await c.store.lists.setState({ version: 30, policyVersion: 1, builtAt: 1, hashKeyId: 494_000, signKeyId: 2 });
      const seen = await c.store.readView(async (view) => {
        const first = (await view.lists.state())!.version;
        await c.raw('UPDATE list_state SET version = 31');
        return [first, (await view.lists.state())!.version];
      });
      assert.deepEqual(seen, [30, 30]);
      await assert.rejects(c.store.readView((view) => view.lists.setState({ version: 32, policyVersion: 1, builtAt: 1, hashKeyId: 494_000, signKeyId: 2 })));
      assert.equal((await c.store.lists.state())!.version, 31, 'the other client’s write landed, the view’s did not');
      await c.store.lists.setState({ version: 33, policyVersion: 1, builtAt: 1, hashKeyId: 494_000, signKeyId: 2 });
      assert.equal((await c.store.lists.state())!.version, 33, 'the store writes again after a refused view');
    });

    test('grouped writes that arrive while a group commits share the next transaction: each is answered only after all of them ran', async () => {
      let open!: () => void;
      const held = new Promise<void>((resolve) => (open = resolve));
      const events: string[] = [];
      // The first write holds its group open; the next three queue meanwhile and form the next group.
      const first = c.store.grouped(async (tx) => {
        await held;
        return tx.cards.insert(card('3900000000000001'));
      });
      const later = [2, 3, 4].map((i) =>
        c.store
          .grouped(async (tx) => {
            events.push(`ran ${i}`);
            return tx.cards.insert(card(`390000000000000${i}`));
          })
          .then((inserted) => {
            events.push(`answered ${i}`);
            return inserted;
          }),
      );
      open();
      await first;
      const inserted = await Promise.all(later);
      assert.deepEqual(events, ['ran 2', 'ran 3', 'ran 4', 'answered 2', 'answered 3', 'answered 4']);
      for (const made of inserted) assert.deepEqual(await c.store.cards.findByNumber(made.number), made);
    });

    test('a grouped write that is refused is undone alone, with its own error; the others of its group commit', async () => {
      let open!: () => void;
      const held = new Promise<void>((resolve) => (open = resolve));
      const blocker = c.store.grouped(async (tx) => {
        await held;
        return tx.cards.insert(card('3900000000000011'));
      });
      const refusal = new Error('refused by a rule');
      const before = c.store.grouped((tx) => tx.cards.insert(card('3900000000000012')));
      // A unique violation after a write of its own: the database refuses the second, the savepoint undoes both.
      const duplicate = c.store.grouped(async (tx) => {
        await tx.cards.insert(card('3900000000000013'));
        return tx.cards.insert(card('3900000000000012')); // the number the write before it took
      });
      const ruled = c.store.grouped(async (tx) => {
        await tx.cards.insert(card('3900000000000014'));
        throw refusal;
      });
      const after = c.store.grouped((tx) => tx.cards.insert(card('3900000000000015')));
      open();
      const settled = await Promise.allSettled([before, duplicate, ruled, after]);
      assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      assert.ok((settled[1] as PromiseRejectedResult).reason instanceof UniqueViolation, String((settled[1] as PromiseRejectedResult).reason));
      assert.equal((settled[2] as PromiseRejectedResult).reason, refusal);
      assert.equal(await c.store.cards.findByNumber('3900000000000013'), undefined, 'the refused write’s own earlier insert is undone');
      assert.equal(await c.store.cards.findByNumber('3900000000000014'), undefined);
      assert.ok(await c.store.cards.findByNumber('3900000000000012'));
      assert.ok(await c.store.cards.findByNumber('3900000000000015'));
      assert.ok(await blocker);
    });

    test('a new list version reaches watchers where the engine can tell (PostgreSQL), and stopping stops it', async () => {
      const heard: number[] = [];
      const stop = await c.store.watchList({ onVersion: (version) => heard.push(version) });
      await c.store.transaction((tx) => tx.lists.setState({ version: 41, policyVersion: 1, builtAt: 1, hashKeyId: 494_000, signKeyId: 2 }));
      const deadline = Date.now() + 3_000;
      while (c.kind === 'postgres' && !heard.includes(41) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await stop();
      await c.store.lists.setState({ version: 42, policyVersion: 1, builtAt: 2, hashKeyId: 494_000, signKeyId: 2 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      // SQLite serves from one process, so there is nothing to hear: its watch is a no-op by design.
      assert.deepEqual(heard, c.kind === 'postgres' ? [41] : []);
    });

    test('a ticket event reaches the watchers of every node on PostgreSQL; on SQLite the caller delivers it', async () => {
      const heard: string[] = [];
      const stop = await c.store.watchList({ onVersion: () => undefined, onTicket: (payload) => heard.push(payload) });
      const carried = await c.store.announceTicket('{"ticket":7,"kind":"typing","from":"agent"}');
      const deadline = Date.now() + 3_000;
      while (carried && heard.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await stop();
      assert.equal(carried, c.kind === 'postgres');
      assert.deepEqual(heard, carried ? ['{"ticket":7,"kind":"typing","from":"agent"}'] : []);
    });
  });
}
