// The terminal registry: enrolment tokens used once, terminals revoked once, sync reports kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Terminal } from '../../../src/store/store.ts';
import type { StoreCase } from '../support/case.ts';

const gate = (id: string, enrolledAt: number): Terminal => ({
  id,
  kind: 'metro-gate',
  line: 'L1',
  station: 'Wangfujing',
  secretHash: `hash-${id}`,
  enrolledAt,
  revokedAt: null,
  listVersion: null,
  lastSyncAt: null,
  softwareVersion: null,
});

export function terminalsContract(c: StoreCase): void {
  describe('terminals', () => {
    test('uses an enrolment token once, and never once it has expired', async () => {
      const { terminals } = c.store;
      const enrolment = { tokenHash: 'token-1', kind: 'bus-validator' as const, line: '300', station: 'Depot', createdAt: 10, expiresAt: 1_000, usedAt: null, terminalId: null };
      await terminals.insertEnrolment(enrolment);
      await terminals.insertEnrolment({ ...enrolment, tokenHash: 'token-old', expiresAt: 20 });
      assert.equal(await terminals.useEnrolment('token-unknown', 'T-0', 15), undefined);
      assert.equal(await terminals.useEnrolment('token-old', 'T-0', 20), undefined);
      assert.deepEqual(await terminals.useEnrolment('token-1', 'T-1', 500), { ...enrolment, usedAt: 500, terminalId: 'T-1' });
      assert.equal(await terminals.useEnrolment('token-1', 'T-2', 600), undefined);
    });

    test('stores terminals, lists them in enrolment order, records their sync reports, and revokes once', async () => {
      const { terminals } = c.store;
      await terminals.insert(gate('T-b', 20));
      await terminals.insert(gate('T-a', 10));
      assert.deepEqual(await terminals.get('T-a'), gate('T-a', 10));
      assert.equal(await terminals.get('T-none'), undefined);
      assert.deepEqual((await terminals.all()).map((t) => t.id), ['T-a', 'T-b']);
      await assert.rejects(terminals.insert(gate('T-a', 30)));

      await terminals.report('T-a', { listVersion: 7, softwareVersion: '1.2.0', at: 40 });
      assert.deepEqual(await terminals.get('T-a'), { ...gate('T-a', 10), listVersion: 7, softwareVersion: '1.2.0', lastSyncAt: 40 });

      // Many streamed heartbeats at once: one statement; the software each reported stays.
      await terminals.insert(gate('T-c', 30));
      await terminals.streamedSync(['T-a', 'T-c', 'T-none'], 9, 45);
      await terminals.streamedSync([], 10, 46);
      assert.deepEqual(await terminals.get('T-a'), { ...gate('T-a', 10), listVersion: 9, softwareVersion: '1.2.0', lastSyncAt: 45 });
      assert.deepEqual(await terminals.get('T-c'), { ...gate('T-c', 30), listVersion: 9, lastSyncAt: 45 });
      assert.deepEqual(await terminals.get('T-b'), gate('T-b', 20));

      assert.equal(await terminals.revoke('T-a', 50), true);
      assert.equal(await terminals.revoke('T-a', 60), false);
      assert.equal(await terminals.revoke('T-none', 60), false);
      assert.equal((await terminals.get('T-a'))!.revokedAt, 50);
    });
  });
}
