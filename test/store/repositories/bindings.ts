// Bindings beyond the basics in the main suite: found by document key, and counted for the dashboard.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { card, person, type StoreCase } from '../support/case.ts';

const HOUR = 3_600_000;

export function bindingsContract(c: StoreCase): void {
  describe('bindings by document and in figures', () => {
    test('finds the cards actively bound to whoever holds a document key, and counts active bindings by medium', async () => {
      const { store } = c;
      const before = await store.bindings.activeCounts();
      const holder = await person(store, 'key-figures');
      const physical = (await store.cards.insert(card('3400000000000001'))).id;
      const nfc = (await store.cards.insert(card('3400000000000002', { medium: 'nfc', product: 'mobile-nfc' }))).id;
      const first = await store.bindings.insert({ cardId: physical, personId: holder, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 10 * HOUR + 5 });
      await store.bindings.insert({ cardId: nfc, personId: holder, medium: 'nfc', channel: 'app', agreementVersion: 1, createdAt: 10 * HOUR + 6 });
      const byCard = (list: Array<{ cardId: number }>) => [...list].sort((a, b) => a.cardId - b.cardId);
      assert.deepEqual(byCard(await store.bindings.activeOfDocKey('key-figures')), [
        { cardId: physical, personId: holder },
        { cardId: nfc, personId: holder },
      ]);
      assert.deepEqual(await store.bindings.activeCounts(), { physical: before.physical + 1, nfc: before.nfc + 1 });

      await store.bindings.end(first.id, 11 * HOUR + 1, 'holder');
      assert.deepEqual(await store.bindings.activeOfDocKey('key-figures'), [{ cardId: nfc, personId: holder }]);
      assert.deepEqual(await store.bindings.activeOfDocKey('key-nobody'), []);
      assert.deepEqual(await store.bindings.activeCounts(), { physical: before.physical, nfc: before.nfc + 1 });
    });

    test('counts bindings made and ended per hour since an instant, hours in order', async () => {
      assert.deepEqual(await c.store.bindings.perHour(10 * HOUR), [
        { hour: 10, made: 2, ended: 0 },
        { hour: 11, made: 0, ended: 1 },
      ]);
      assert.deepEqual(await c.store.bindings.perHour(12 * HOUR), []);
    });
  });
}
