// A person's verified contact and the codes that prove it: set only over the contact the caller read, kept
// with the code that was sent there, and erased with the person.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LoginCode } from '../../../src/store/store.ts';
import { person, type StoreCase } from '../support/case.ts';

const code = (id: string, fields: Partial<LoginCode>): LoginCode => ({
  id,
  docKey: 'key-contact',
  docSealed: 'doc',
  codeHash: 'hash',
  channel: 'kit',
  createdAt: 1_000,
  expiresAt: 2_000,
  attempts: 0,
  usedAt: null,
  purpose: 'sign-in',
  contactSealed: null,
  personId: null,
  ...fields,
});

export function contactsContract(c: StoreCase): void {
  describe('contacts', () => {
    test('a new person has no contact; the first one is set over none, and a second set over none is refused', async () => {
      const id = await person(c.store, 'key-contact');
      assert.deepEqual(await c.store.people.get(id).then((p) => [p?.contactSealed, p?.contactMasked, p?.contactVerifiedAt]), [null, null, null]);
      assert.equal(await c.store.people.setContact(id, { sealed: 'first', masked: 'c***@example.com', at: 5 }, null), true);
      assert.equal(await c.store.people.setContact(id, { sealed: 'racer', masked: 'r***@example.com', at: 6 }, null), false);
      const stored = (await c.store.people.get(id))!;
      assert.deepEqual([stored.contactSealed, stored.contactMasked, stored.contactVerifiedAt], ['first', 'c***@example.com', 5]);
      assert.deepEqual(await c.store.people.findByDocKey('key-contact'), stored);
    });

    test("a person's notices are in Chinese until they choose, and turning reminders off keeps its first instant", async () => {
      const id = (await c.store.people.findByDocKey('key-contact'))!.id;
      const prefs = async () => c.store.people.get(id).then((p) => [p?.lang, p?.remindersOffAt]);
      assert.deepEqual(await prefs(), ['zh', null]);
      await c.store.people.setPreferences(id, { lang: 'en' }, 10);
      await c.store.people.setPreferences(id, { reminders: false }, 11);
      await c.store.people.setPreferences(id, { reminders: false }, 12);
      assert.deepEqual(await prefs(), ['en', 11]);
      await c.store.people.setPreferences(id, { reminders: true, lang: 'zh' }, 13);
      assert.deepEqual(await prefs(), ['zh', null]);
    });

    test('a contact is replaced only over the one the caller read', async () => {
      const id = (await c.store.people.findByDocKey('key-contact'))!.id;
      assert.equal(await c.store.people.setContact(id, { sealed: 'stale', masked: '+852 ****0000', at: 7 }, 'not-the-current'), false);
      assert.equal(await c.store.people.setContact(id, { sealed: 'second', masked: '+852 ****1234', at: 8 }, 'first'), true);
      assert.equal((await c.store.people.get(id))!.contactMasked, '+852 ****1234');
    });

    test('a code keeps its purpose, the contact it went to and, for a change, its person', async () => {
      const id = (await c.store.people.findByDocKey('key-contact'))!.id;
      const signIn = code('contact-code-1', { contactSealed: 'second' });
      const change = code('contact-code-2', { docKey: `contact-change:${id}`, purpose: 'contact-change', contactSealed: 'third', personId: id });
      await c.store.signInCodes.insert(signIn);
      await c.store.signInCodes.insert(change);
      assert.deepEqual(await c.store.signInCodes.get('contact-code-1'), signIn);
      assert.deepEqual(await c.store.signInCodes.get('contact-code-2'), change);
    });

    test('refuses a code of another purpose', async () => {
      await assert.rejects(c.store.signInCodes.insert(code('contact-code-3', { purpose: 'something' as LoginCode['purpose'] })));
    });

    test('erasing the person drops the contact and every code that carries it', async () => {
      const id = (await c.store.people.findByDocKey('key-contact'))!.id;
      await c.store.people.erase(id, 9);
      const erased = (await c.store.people.get(id))!;
      assert.deepEqual([erased.contactSealed, erased.contactMasked, erased.contactVerifiedAt], [null, null, null]);
      assert.equal(await c.store.signInCodes.get('contact-code-1'), undefined);
      assert.equal(await c.store.signInCodes.get('contact-code-2'), undefined);
      assert.equal(await c.store.people.setContact(id, { sealed: 'after', masked: 'a***@example.com', at: 10 }, null), false);
    });
  });
}
