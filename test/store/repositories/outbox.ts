// The outbox: one message per key, claimed by one node at a time for a lease, settled once, requeued by an
// operator, counted and purged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NewQueuedMessage } from '../../../src/store/store.ts';
import type { StoreCase } from '../support/case.ts';

const LEASE = 30_000;

const message = (key: string, createdAt: number, fields: Partial<NewQueuedMessage> = {}): NewQueuedMessage => ({
  key, kind: 'code', sealed: `sealed-${key}`, toMasked: 'c***@example.com', createdAt, expiresAt: null, ...fields,
});

export function outboxContract(c: StoreCase): void {
  describe('outbox', () => {
    test('queues a message due at once, and a second message under the same key changes nothing', async () => {
      const id = await c.store.transaction((tx) => tx.outbox.enqueue(message('code:a:1', 1_000, { expiresAt: 301_000 })));
      assert.ok(id !== undefined && id > 0);
      assert.deepEqual(await c.store.outbox.get(id), {
        id, key: 'code:a:1', kind: 'code', sealed: 'sealed-code:a:1', toMasked: 'c***@example.com', status: 'pending', attempts: 0,
        createdAt: 1_000, nextAttemptAt: 1_000, expiresAt: 301_000, claimedUntil: null, lastError: null, sentAt: null,
      });
      // Inside a transaction too, which goes on: on PostgreSQL a unique error would have aborted it.
      const again = await c.store.transaction(async (tx) => {
        const second = await tx.outbox.enqueue(message('code:a:1', 2_000, { sealed: 'other' }));
        return { second, still: await tx.outbox.get(id) };
      });
      assert.equal(again.second, undefined);
      assert.equal(again.still!.sealed, 'sealed-code:a:1');
      assert.equal(await c.store.outbox.get(999_999), undefined);
      await c.store.outbox.claim(id, 1_000, LEASE);
      await c.store.outbox.markSent(id, 1_001);
    });

    test('claims due messages oldest first, counting a try; a claimed one is not due again until its lease passes', async () => {
      const late = (await c.store.outbox.enqueue(message('claim:late', 5_000)))!;
      const early = (await c.store.outbox.enqueue(message('claim:early', 4_000)))!;
      const notYet = (await c.store.outbox.enqueue(message('claim:future', 900_000)))!;
      const claimed = await c.store.outbox.claimDue(10_000, 10, LEASE);
      const mine = claimed.filter((m) => m.key.startsWith('claim:'));
      assert.deepEqual(mine.map((m) => [m.id, m.attempts, m.claimedUntil]), [[early, 1, 40_000], [late, 1, 40_000]]);
      assert.ok(!claimed.some((m) => m.id === notYet), 'not due yet');
      assert.deepEqual(await c.store.outbox.claimDue(39_999, 10, LEASE), [], 'every due message is claimed');
      assert.equal(await c.store.outbox.claim(early, 39_999, LEASE), undefined, 'nor can it be claimed by id');
      // The node holding them died: once the lease passes they are due again, another try counted.
      const again = await c.store.outbox.claimDue(40_000, 1, LEASE);
      assert.deepEqual(again.map((m) => [m.id, m.attempts, m.claimedUntil]), [[early, 2, 70_000]]);
      const byId = await c.store.outbox.claim(notYet, 40_000, LEASE);
      assert.deepEqual([byId!.id, byId!.attempts], [notYet, 1], 'a claim by id does not wait for the message to be due');
      for (const id of [early, late, notYet]) await c.store.outbox.markSent(id, 41_000);
    });

    test('nodes claiming at once never get the same message', async () => {
      const ids = new Set<number>();
      for (let i = 0; i < 20; i++) ids.add((await c.store.outbox.enqueue(message(`race:${i}`, 50_000)))!);
      const claims = await Promise.all(Array.from({ length: 5 }, () => c.store.outbox.claimDue(60_000, 6, LEASE)));
      const got = claims.flat().map((m) => m.id).filter((id) => ids.has(id));
      assert.equal(new Set(got).size, got.length, 'no message claimed twice');
      assert.equal(got.length, 20, 'every due message claimed by someone');
      for (const id of got) assert.equal(await c.store.outbox.markSent(id, 60_001), true);
    });

    test('a sent message forgets its content, once; a settled message is not settled again', async () => {
      const id = (await c.store.outbox.enqueue(message('sent:1', 100_000)))!;
      await c.store.outbox.claim(id, 100_000, LEASE);
      assert.equal(await c.store.outbox.markSent(id, 100_500), true);
      const sent = (await c.store.outbox.get(id))!;
      assert.deepEqual([sent.status, sent.sealed, sent.sentAt, sent.claimedUntil], ['sent', null, 100_500, null]);
      assert.equal(await c.store.outbox.markSent(id, 100_600), false);
      assert.equal(await c.store.outbox.reschedule(id, 200_000, 'ECONNECTION'), false);
      assert.equal(await c.store.outbox.markFailed(id, 'ECONNECTION'), false);
      assert.equal(await c.store.outbox.markExpired(id, null), false);
      assert.equal((await c.store.outbox.get(id))!.sentAt, 100_500);
    });

    test('a rescheduled message is released with its error and is due at its next try', async () => {
      const id = (await c.store.outbox.enqueue(message('retry:1', 200_000)))!;
      await c.store.outbox.claim(id, 200_000, LEASE);
      assert.equal(await c.store.outbox.reschedule(id, 210_000, 'ECONNECTION'), true);
      const waiting = (await c.store.outbox.get(id))!;
      assert.deepEqual([waiting.status, waiting.nextAttemptAt, waiting.claimedUntil, waiting.lastError, waiting.attempts], ['pending', 210_000, null, 'ECONNECTION', 1]);
      assert.ok(!(await c.store.outbox.claimDue(209_999, 50, LEASE)).some((m) => m.id === id));
      assert.deepEqual((await c.store.outbox.claimDue(210_000, 50, LEASE)).filter((m) => m.id === id).map((m) => m.attempts), [2]);
      await c.store.outbox.markSent(id, 210_001);
    });

    test('a failed message keeps its content and is listed until an operator requeues it with every try ahead', async () => {
      const id = (await c.store.outbox.enqueue(message('fail:1', 300_000, { kind: 'reply' })))!;
      await c.store.outbox.claim(id, 300_000, LEASE);
      assert.equal(await c.store.outbox.markFailed(id, 'EENVELOPE 550'), true);
      const failed = (await c.store.outbox.get(id))!;
      assert.deepEqual([failed.status, failed.sealed, failed.lastError, failed.claimedUntil], ['failed', 'sealed-fail:1', 'EENVELOPE 550', null]);
      assert.equal((await c.store.outbox.failures(10))[0]!.id, id, 'newest first');
      assert.deepEqual(await c.store.outbox.claimDue(900_000_000, 50, LEASE), [], 'a failed message is never due');

      assert.equal(await c.store.outbox.requeue(id, 400_000), true);
      const requeued = (await c.store.outbox.get(id))!;
      assert.deepEqual([requeued.status, requeued.attempts, requeued.nextAttemptAt, requeued.lastError], ['pending', 0, 400_000, 'EENVELOPE 550']);
      assert.equal(await c.store.outbox.requeue(id, 400_001), false, 'only a failed message is requeued');
      assert.ok(!(await c.store.outbox.failures(10)).some((m) => m.id === id));
      await c.store.outbox.claim(id, 400_000, LEASE);
      await c.store.outbox.markSent(id, 400_001);
    });

    test('an expired message forgets its content and is listed with its last error', async () => {
      const id = (await c.store.outbox.enqueue(message('expire:1', 500_000, { expiresAt: 800_000 })))!;
      await c.store.outbox.claim(id, 500_000, LEASE);
      assert.equal(await c.store.outbox.markExpired(id, 'ETIMEDOUT'), true);
      const expired = (await c.store.outbox.get(id))!;
      assert.deepEqual([expired.status, expired.sealed, expired.lastError], ['expired', null, 'ETIMEDOUT']);
      assert.equal((await c.store.outbox.failures(1))[0]!.id, id);
      assert.equal(await c.store.outbox.requeue(id, 600_000), false, 'an expired message is past its use');
    });

    test('counts the messages by status, and purges those sent or expired before an instant, never a failed one', async () => {
      const pending = (await c.store.outbox.enqueue(message('count:pending', 1)))!;
      const failed = (await c.store.outbox.enqueue(message('count:failed', 1)))!;
      await c.store.outbox.claim(failed, 1, LEASE);
      await c.store.outbox.markFailed(failed, 'ECONNREFUSED');
      const counts = await c.store.outbox.counts();
      assert.deepEqual(Object.keys(counts).sort(), ['expired', 'failed', 'pending', 'sent']);
      assert.ok(counts.pending >= 1 && counts.failed >= 1 && counts.expired >= 1 && counts.sent >= 20);

      const purged = await c.store.outbox.purgeBefore(1_000_000);
      assert.equal(purged, counts.sent + counts.expired);
      assert.deepEqual(await c.store.outbox.counts(), { ...counts, sent: 0, expired: 0 });
      assert.equal((await c.store.outbox.get(pending))!.status, 'pending');
      assert.equal((await c.store.outbox.get(failed))!.status, 'failed');
    });
  });
}
