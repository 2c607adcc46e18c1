// Bindings beyond the basics in the main suite: found by document key, and counted for the dashboard.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { card, person, type StoreCase } from '../support/case.ts';

const HOUR = 3_600_000;

export function bindingsContract(c: StoreCase): void {
  describe('bindings by document and in figures', () => {
    test('finds the cards actively bound to whoever holds each of several document keys, and counts active bindings by medium', async () => {
      const { store } = c;
      const before = await store.bindings.activeCounts();
      const holder = await person(store, 'key-figures');
      const physical = (await store.cards.insert(card('3400000000000001'))).id;
      const nfc = (await store.cards.insert(card('3400000000000002', { medium: 'nfc', product: 'mobile-nfc' }))).id;
      const first = await store.bindings.insert({ cardId: physical, personId: holder, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 10 * HOUR + 5 });
      await store.bindings.insert({ cardId: nfc, personId: holder, medium: 'nfc', channel: 'app', agreementVersion: 1, createdAt: 10 * HOUR + 6 });
      const other = await person(store, 'key-figures-other');
      const others = (await store.cards.insert(card('3400000000000003'))).id;
      await store.bindings.insert({ cardId: others, personId: other, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 9 * HOUR });
      const byCard = (list: Array<{ cardId: number }>) => [...list].sort((a, b) => a.cardId - b.cardId);
      assert.deepEqual(byCard(await store.bindings.activeOfDocKeys(['key-figures', 'key-nobody', 'key-figures-other'])), [
        { docKey: 'key-figures', cardId: physical, personId: holder },
        { docKey: 'key-figures', cardId: nfc, personId: holder },
        { docKey: 'key-figures-other', cardId: others, personId: other },
      ]);
      assert.deepEqual(await store.bindings.activeCounts(), { physical: before.physical + 2, nfc: before.nfc + 1 });

      await store.bindings.end(first.id, 11 * HOUR + 1, 'holder');
      assert.deepEqual(await store.bindings.activeOfDocKeys(['key-figures']), [{ docKey: 'key-figures', cardId: nfc, personId: holder }]);
      assert.deepEqual(await store.bindings.activeOfDocKeys(['key-nobody']), []);
      assert.deepEqual(await store.bindings.activeOfDocKeys([]), []);
      assert.deepEqual(await store.bindings.activeCounts(), { physical: before.physical + 1, nfc: before.nfc + 1 });
    });

    test('reads what an upgrade is decided on in one call: the card, who holds it, whether the person holds its medium, the agreement in force', async () => {
      const { store } = c;
      const holder = await person(store, 'key-upgrade-facts');
      const other = await person(store, 'key-upgrade-facts-other');
      const physical = await store.cards.insert(card('3610000000000001'));
      const nfc = await store.cards.insert(card('3610000000000002', { medium: 'nfc', product: 'mobile-nfc' }));
      const agreement = (await store.agreements.current())!.version;
      const facts = (cardNumber: string, personId: number, medium?: 'physical' | 'nfc') => store.bindings.upgradeFacts({ cardNumber, personId, medium });
      assert.deepEqual(await facts('3610000000000001', holder), { card: physical, cardHolderId: null, personHasMedium: false, currentAgreement: agreement });
      assert.equal(await facts('3619999999999999', holder), undefined, 'no such card');

      const bound = await store.bindings.insert({ cardId: physical.id, personId: other, medium: 'physical', channel: 'kit', agreementVersion: 1, createdAt: 1 });
      assert.equal((await facts('3610000000000001', holder))?.cardHolderId, other, 'held by someone else');
      assert.equal((await facts('3610000000000001', other))?.personHasMedium, true, 'the holder holds a card of its medium: this one');
      assert.equal((await facts('3610000000000002', other))?.personHasMedium, false, 'the card’s own medium (nfc) when none is asked about');
      assert.equal((await facts('3610000000000002', other, 'physical'))?.personHasMedium, true, 'the medium asked about');
      await store.bindings.end(bound.id, 2, 'holder');
      assert.deepEqual(await facts('3610000000000001', other), { card: physical, cardHolderId: null, personHasMedium: false, currentAgreement: agreement }, 'an ended binding holds nothing');
      await store.bindings.insert({ cardId: nfc.id, personId: holder, medium: 'nfc', channel: 'app', agreementVersion: 1, createdAt: 3 });
      assert.equal((await facts('3610000000000002', holder))?.cardHolderId, holder);
      assert.equal((await facts('3610000000000001', holder))?.personHasMedium, false, 'an nfc card does not count against a physical one');
    });

    test('counts bindings made and ended per hour since an instant, hours in order', async () => {
      assert.deepEqual(await c.store.bindings.perHour(10 * HOUR), [
        { hour: 10, made: 2, ended: 0 },
        { hour: 11, made: 0, ended: 1 },
      ]);
      assert.deepEqual(await c.store.bindings.perHour(12 * HOUR), []);
    });

    test('finds active bindings whose pass lapses in a window, page by page, for holders with a contact and reminders on', async () => {
      const { store } = c;
      const SEC = 1000;
      const base = 2_000_000_000;
      const made: number[] = [];
      const mk = async (n: number, key: string, value: number, opts: { contact?: boolean; remindersOff?: boolean; ended?: boolean } = {}) => {
        const holder = await person(store, key);
        if (opts.contact !== false) await store.people.setContact(holder, { sealed: `sealed-${key}`, masked: 'c***@example.com', at: 1 }, null);
        if (opts.remindersOff) await store.people.setPreferences(holder, { reminders: false }, 5);
        const cardId = (await store.cards.insert(card(`47000000000000${String(n).padStart(2, '0')}`))).id;
        const binding = await store.bindings.insert({ cardId, personId: holder, medium: 'physical', channel: 'app', agreementVersion: 1, createdAt: 1 });
        if (opts.ended) await store.bindings.end(binding.id, 2, 'holder');
        await store.lists.putEntries(new Map([[cardId, { number: `47000000000000${String(n).padStart(2, '0')}`, value }]]));
        made.push(cardId);
        return { cardId, bindingId: binding.id, personId: holder };
      };
      const due = await mk(1, 'key-lapse-1', base + 100);
      await mk(2, 'key-lapse-2', base + 100, { contact: false });
      await mk(3, 'key-lapse-3', base + 100, { remindersOff: true });
      await mk(4, 'key-lapse-4', base + 100, { ended: true });
      await mk(5, 'key-lapse-5', base + 50_000);
      const alsoDue = await mk(6, 'key-lapse-6', base + 200);
      const from = base * SEC;
      const to = (base + 1_000) * SEC;
      const found: unknown[] = [];
      let after = 0;
      let pages = 0;
      for (;;) {
        // The repository leaves the meaning of a value to the caller: here a value is pass-until in seconds.
        const page = await store.bindings.lapsing({ from, to, passUntilOf: (value) => value * SEC }, after, 2);
        if (page.lastCardId === null) break;
        pages++;
        after = page.lastCardId;
        found.push(...page.lapsing);
      }
      assert.ok(pages >= 3, 'read in pages of two');
      const expected = [
        { ...due, channel: 'app', cardNumber: '4700000000000001', passUntil: (base + 100) * SEC },
        { ...alsoDue, channel: 'app', cardNumber: '4700000000000006', passUntil: (base + 200) * SEC },
      ];
      // Another test's entries lie outside this window (in 2033), so all that is found is this test's.
      assert.deepEqual([...found].sort((a, b) => (a as { cardId: number }).cardId - (b as { cardId: number }).cardId), expected);
      // The reader-list tests count the whole list: these entries go again.
      await store.lists.putEntries(new Map(made.map((id) => [id, null])));
    });
  });
}
