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
      await staff.revokeSession('ss-1', 5);
      await staff.revokeSession('ss-1', 9);
      assert.equal((await staff.getSession('ss-1'))!.revokedAt, 5);
      assert.equal(await staff.getSession('ss-none'), undefined);
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
