// Staff accounts, their sessions, and the post each works at.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UniqueViolation } from '../../../src/store/store.ts';
import type { StoreCase } from '../support/case.ts';

export function staffContract(c: StoreCase): void {
  describe('staff', () => {
    test('adds accounts with unique usernames and finds them by username or id', async () => {
      const { staff } = c.store;
      const member = await staff.insert({ username: 'desk01', displayName: '站务 01', role: 'staff', passwordHash: 'scrypt$x', createdAt: 7 });
      assert.deepEqual(member, { id: member.id, username: 'desk01', displayName: '站务 01', role: 'staff', passwordHash: 'scrypt$x', createdAt: 7, disabledAt: null });
      assert.deepEqual(await staff.find({ username: 'desk01' }), member);
      assert.deepEqual(await staff.find({ id: member.id }), member);
      assert.equal(await staff.find({ username: 'nobody' }), undefined);
      await assert.rejects(staff.insert({ username: 'desk01', displayName: 'x', role: 'agent', passwordHash: 'y', createdAt: 8 }), UniqueViolation);
      const all = await staff.all();
      assert.deepEqual(all.at(-1), member);
      assert.deepEqual(all.map((m) => m.id), [...all.map((m) => m.id)].sort((a, b) => a - b));
    });

    test('revokes a staff session once, keeping the first revocation time', async () => {
      const { staff } = c.store;
      const member = (await staff.find({ username: 'desk01' }))!;
      await staff.insertSession({ id: 'ss-1', staffId: member.id, createdAt: 1, expiresAt: 100, revokedAt: null });
      assert.deepEqual(await staff.getSession('ss-1'), { id: 'ss-1', staffId: member.id, createdAt: 1, expiresAt: 100, revokedAt: null });
      await staff.revokeSessions({ id: 'ss-1' }, 5);
      await staff.revokeSessions({ id: 'ss-1' }, 9);
      assert.equal((await staff.getSession('ss-1'))!.revokedAt, 5);
      assert.equal(await staff.getSession('ss-none'), undefined);
    });

    test('revokes every session of one member at once, and no one else’s', async () => {
      const { staff } = c.store;
      const member = await staff.insert({ username: 'desk02', displayName: 'x', role: 'staff', passwordHash: 'h', createdAt: 1 });
      const other = await staff.insert({ username: 'desk03', displayName: 'y', role: 'staff', passwordHash: 'h', createdAt: 1 });
      for (const [id, staffId] of [['ss-2a', member.id], ['ss-2b', member.id], ['ss-3', other.id]] as const) {
        await staff.insertSession({ id, staffId, createdAt: 1, expiresAt: 100, revokedAt: null });
      }
      await staff.revokeSessions({ staffId: member.id }, 20);
      assert.deepEqual(
        await Promise.all(['ss-2a', 'ss-2b', 'ss-3'].map(async (id) => (await staff.getSession(id))!.revokedAt)),
        [20, 20, null],
      );
    });

    test('deletes the sessions that expired before an instant, and only those', async () => {
      const { staff } = c.store;
      const member = (await staff.find({ username: 'desk01' }))!;
      await staff.insertSession({ id: 'ss-old', staffId: member.id, createdAt: 1, expiresAt: 1_000, revokedAt: null });
      await staff.insertSession({ id: 'ss-live', staffId: member.id, createdAt: 1, expiresAt: 5_000, revokedAt: null });
      assert.ok((await staff.purgeSessions(2_000)) >= 1);
      assert.equal(await staff.getSession('ss-old'), undefined);
      assert.equal((await staff.getSession('ss-live'))!.expiresAt, 5_000);
      assert.equal(await staff.purgeSessions(2_000), 0);
    });

    test('replaces a password hash, and disables and enables an account', async () => {
      const { staff } = c.store;
      const member = await staff.insert({ username: 'desk04', displayName: 'z', role: 'agent', passwordHash: 'old', createdAt: 1 });
      await staff.setPassword(member.id, 'scrypt$131072$8$1$salt$hash');
      assert.equal((await staff.find({ id: member.id }))!.passwordHash, 'scrypt$131072$8$1$salt$hash');
      assert.equal(await staff.setDisabled(member.id, 30), true);
      assert.equal((await staff.find({ id: member.id }))!.disabledAt, 30);
      assert.equal(await staff.setDisabled(member.id, null), true);
      assert.equal((await staff.find({ id: member.id }))!.disabledAt, null);
      assert.equal(await staff.setDisabled(999_999, 30), false);
    });

    test('counts sign-in attempts per username within a window, and starts a new window once it has passed', async () => {
      const { staff } = c.store;
      assert.equal(await staff.countAttempt('desk01', 1_000, 0), 1);
      assert.equal(await staff.countAttempt('desk01', 1_100, 0), 2);
      assert.equal(await staff.countAttempt('not-an-account', 1_100, 0), 1);
      // The window began at 1,000; one that must begin after 1,050 starts again at 2,000.
      assert.equal(await staff.countAttempt('desk01', 2_000, 1_050), 1);
      assert.equal(await staff.countAttempt('desk01', 2_100, 1_050), 2);
      await staff.clearAttempts('desk01');
      assert.equal(await staff.countAttempt('desk01', 2_200, 1_050), 1);
    });

    test('twenty parallel attempts at one username are numbered 1 to 20, each once', async () => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => c.store.staff.countAttempt('raced', 5_000, 0)));
      assert.deepEqual([...counts].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    });

    test('deletes the attempt windows that started before an instant', async () => {
      const { staff } = c.store;
      await staff.countAttempt('stale-name', 100, 0);
      await staff.countAttempt('fresh-name', 9_000, 0);
      assert.ok((await staff.purgeAttempts(8_000)) >= 1);
      assert.equal(await staff.countAttempt('stale-name', 9_100, 0), 1);
      assert.equal(await staff.countAttempt('fresh-name', 9_100, 0), 2);
    });

    test('sets a staff member’s post, and moves it', async () => {
      const { staff } = c.store;
      const member = (await staff.find({ username: 'desk01' }))!;
      assert.equal(await staff.postOf(member.id), undefined);
      const station = { staffId: member.id, kind: 'station' as const, code: 'L1-WFJ', name: { zh: '王府井', en: 'Wangfujing' }, selfOperated: false };
      await staff.putPost(station);
      assert.deepEqual(await staff.postOf(member.id), station);
      const outlet = { ...station, kind: 'outlet' as const, code: 'BJ-DZM', name: { zh: '东直门网点', en: 'Dongzhimen outlet' }, selfOperated: true };
      await staff.putPost(outlet);
      assert.deepEqual(await staff.postOf(member.id), outlet);
      await assert.rejects(staff.putPost({ ...station, staffId: 999_999 }));
    });
  });
}
