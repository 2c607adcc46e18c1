// The store's own methods beyond its repositories: migrating again, inspecting, watching list versions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoreCase } from './support/case.ts';

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
