// Holder sign-in leftovers: attempts counted atomically, wrong codes per document per day, and the
// purge of expired codes and sessions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { person, type StoreCase } from '../support/case.ts';

export function signInContract(c: StoreCase): void {
  describe('sign-in codes and sessions over time', () => {
    const code = (id: string, createdAt: number, docKey = 'key-day') => ({
      id, docKey, docSealed: 's', codeHash: 'h', channel: 'kit' as const, createdAt, expiresAt: createdAt + 300_000, attempts: 0, usedAt: null,
      purpose: 'sign-in' as const, contactSealed: null, personId: null,
    });

    test('counting an attempt answers the attempts so far, and 0 for no such code', async () => {
      await c.store.signInCodes.insert(code('day-1', 10_000));
      assert.equal(await c.store.signInCodes.countAttempt('day-1'), 1);
      assert.equal(await c.store.signInCodes.countAttempt('day-1'), 2);
      assert.equal(await c.store.signInCodes.countAttempt('no-such-code'), 0);
    });

    test('the wrong attempts of a document since an instant leave out the right attempt of each used code', async () => {
      await c.store.signInCodes.insert(code('day-2', 20_000));
      await c.store.signInCodes.countAttempt('day-2');
      await c.store.signInCodes.countAttempt('day-2');
      await c.store.signInCodes.use('day-2', 20_100);
      // day-1: two wrong; day-2: one wrong, then the right one.
      assert.equal(await c.store.signInCodes.failuresSince('key-day', 0), 3);
      assert.equal(await c.store.signInCodes.failuresSince('key-day', 15_000), 1);
      assert.equal(await c.store.signInCodes.failuresSince('key-nobody', 0), 0);
    });

    test('deletes the codes sent before an instant, and only those', async () => {
      assert.ok((await c.store.signInCodes.purgeBefore(15_000)) >= 1);
      assert.equal(await c.store.signInCodes.get('day-1'), undefined);
      assert.equal((await c.store.signInCodes.get('day-2'))!.attempts, 2);
    });

    test('deletes the holder sessions that expired before an instant, revoked or not', async () => {
      const { sessions } = c.store;
      await sessions.insert({ id: 'h-old', personId: c.personA, channel: 'kit', createdAt: 1, expiresAt: 1_000, revokedAt: null });
      await sessions.insert({ id: 'h-revoked', personId: c.personA, channel: 'kit', createdAt: 1, expiresAt: 1_500, revokedAt: 2 });
      await sessions.insert({ id: 'h-live', personId: c.personA, channel: 'app', createdAt: 1, expiresAt: 900_000_000, revokedAt: null });
      assert.ok((await sessions.purgeExpired(2_000)) >= 2);
      assert.equal(await sessions.get('h-old'), undefined);
      assert.equal(await sessions.get('h-revoked'), undefined);
      assert.equal((await sessions.get('h-live'))!.channel, 'app');
    });

    test("a person's sessions are their sign-in history, newest first, ended ones included", async () => {
      const { sessions } = c.store;
      const mine = await person(c.store, 'key-history');
      await sessions.insert({ id: 'hist-1', personId: mine, channel: 'kit', createdAt: 10, expiresAt: 900_000_000, revokedAt: 20 });
      await sessions.insert({ id: 'hist-2', personId: mine, channel: 'app', createdAt: 30, expiresAt: 900_000_000, revokedAt: null });
      assert.deepEqual(
        (await sessions.ofPerson(mine)).map((s) => [s.id, s.channel, s.createdAt, s.revokedAt]),
        [['hist-2', 'app', 30, null], ['hist-1', 'kit', 10, 20]],
      );
      assert.deepEqual(await sessions.ofPerson(-1), []);
    });
  });
}
