// The outbox on a moved clock: a message that cannot be sent is tried again on the schedule and fails with
// the reason after its last try; a code that cannot be sent in time ends expired; a node that died holding
// a message leaves it to another once its claim runs out; and what is queued is sealed at rest. Sends go to
// a real SMTP port with nothing listening (refused), or to the demo outbox; the server's own worker is
// stopped, so that each round below is the test's.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { deliveryNotifier } from '../../../src/services/messages/delivery.ts';
import { leaseMs, queueMessage, RETRY_DELAYS_MS, sendNow, TRIES } from '../../../src/services/messages/outbox.ts';
import { deliverDue } from '../../../src/services/messages/outbox-worker.ts';
import { PersonalData } from '../../../src/services/personal-data.ts';
import type { Notifier, OutgoingMessage } from '../../../src/services/ports.ts';
import { freePort } from '../../support/process.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

describe('the outbox on a moved clock', () => {
  let sys: TestSystem;
  let demo: Notifier;
  let nowhere: Notifier;
  let serial = 0;
  // Frozen unless moved, so that each wait can be checked to the millisecond.
  let now = Date.now();
  const advance = (ms: number) => (now += ms);

  const message = (to = 'holder@example.com'): OutgoingMessage => ({
    to: { kind: 'email', value: to }, lang: 'en', subject: 'Your ticket', text: 'Hello', messageId: `<test-${++serial}@ykt>`, automatic: true,
  });
  const queue = (m: OutgoingMessage, expiresAt?: number) =>
    sys.ctx.store.transaction((tx) => queueMessage(sys.ctx, tx, { key: `test:${m.messageId}`, kind: 'reply', message: m, ...(expiresAt ? { expiresAt } : {}) }));
  const row = async (id: number) => (await sys.ctx.store.outbox.get(id))!;

  before(async () => {
    sys = await startSystem({ seed: false });
    await sys.app.parts.outbox.stop();
    sys.ctx.clock = () => now;
    demo = sys.ctx.notifier;
    nowhere = deliveryNotifier({ mail: { url: `smtp://127.0.0.1:${await freePort()}`, from: '96066@bmac.com.cn' }, sms: undefined, sendTimeoutMs: 5_000 })!;
  });
  beforeEach(() => {
    sys.ctx.notifier = demo;
  });
  after(() => sys.stop());

  test('a message sent at once is marked sent and its content forgotten', async () => {
    const id = await queue(message());
    assert.equal(await sendNow(sys.ctx, [id]), 'sent');
    const sent = await row(id!);
    assert.deepEqual([sent.status, sent.attempts, sent.sealed, sent.lastError, sent.sentAt], ['sent', 1, null, null, now]);
  });

  test('queuing the same cause twice queues one message', async () => {
    const m = message();
    const first = await queue(m);
    assert.equal(await queue({ ...m, text: 'again' }), undefined);
    assert.equal(await sendNow(sys.ctx, [first, undefined]), 'queued', 'an earlier request\'s message is not claimed to be sent by this one');
    assert.equal((await row(first!)).status, 'sent');
  });

  test('a message that cannot be sent is tried again after 10 s, 30 s, 2 min, 10 min, 30 min, 2 h and 6 h, then fails with the reason', async () => {
    sys.ctx.notifier = nowhere;
    const id = (await queue(message('refused@example.com')))!;
    assert.equal(await sendNow(sys.ctx, [id]), 'queued');
    let waiting = await row(id);
    assert.deepEqual([waiting.status, waiting.attempts, waiting.claimedUntil], ['pending', 1, null]);
    const reason = waiting.lastError;
    assert.match(reason!, /^E[A-Z]+/, 'an error code, never its text');
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      assert.equal(waiting.nextAttemptAt - now, delay, `the wait before try ${i + 2}`);
      advance(delay - 1);
      assert.deepEqual(await deliverDue(sys.ctx), [], `not before its time (try ${i + 2})`);
      advance(1);
      assert.deepEqual(await deliverDue(sys.ctx), [i + 2 === TRIES ? 'failed' : 'retry']);
      waiting = await row(id);
      assert.equal(waiting.attempts, i + 2);
    }
    const failed = await row(id);
    assert.deepEqual([failed.status, failed.attempts, failed.lastError, failed.claimedUntil], ['failed', TRIES, reason, null]);
    assert.ok(failed.sealed, 'kept, so that an operator can retry it');
    assert.equal((await sys.ctx.store.outbox.failures(1))[0]!.id, id);
    advance(30 * 86_400_000);
    assert.deepEqual(await deliverDue(sys.ctx), [], 'a failed message is never tried again on its own');
  });

  test('a code that cannot be sent before it expires ends expired, unsent, its content forgotten', async () => {
    sys.ctx.notifier = nowhere;
    const id = (await queue(message(), now + 60_000))!;
    await sendNow(sys.ctx, [id]);
    advance(10_000);
    assert.deepEqual(await deliverDue(sys.ctx), ['retry'], 'the try 30 s later is still in time');
    advance(30_000);
    assert.deepEqual(await deliverDue(sys.ctx), ['expired'], 'the try 2 min later would be too late');
    const expired = await row(id);
    assert.deepEqual([expired.status, expired.sealed, expired.attempts], ['expired', null, 3]);
    assert.match(expired.lastError!, /^E[A-Z]+/);
  });

  test('a message whose node died mid-send is taken up once the claim runs out, and not before', async () => {
    const id = (await queue(message()))!;
    // The dead node's claim, as it stood when the node was killed.
    await sys.ctx.store.outbox.claim(id, sys.ctx.clock(), leaseMs(sys.ctx));
    assert.deepEqual(await deliverDue(sys.ctx), []);
    advance(leaseMs(sys.ctx) - 1);
    assert.deepEqual(await deliverDue(sys.ctx), []);
    const mails = sys.outbox.recentMails().length;
    advance(1);
    assert.deepEqual(await deliverDue(sys.ctx), ['sent']);
    assert.equal(sys.outbox.recentMails().length, mails + 1, 'sent once');
    assert.deepEqual([(await row(id)).status, (await row(id)).attempts], ['sent', 2]);
  });

  test('a message sealed under another document key fails at once, instead of once per claim forever', async () => {
    const other = new PersonalData({ documentKey: randomBytes(32), documentHashKey: randomBytes(32) });
    const id = (await sys.ctx.store.outbox.enqueue({ key: 'test:other-key', kind: 'reply', sealed: other.sealMessage(message()), toMasked: 'h***@example.com', createdAt: now, expiresAt: null }))!;
    assert.deepEqual(await deliverDue(sys.ctx), ['failed']);
    assert.deepEqual([(await row(id)).status, (await row(id)).lastError], ['failed', 'UNREADABLE']);
  });

  test('a queued message is sealed at rest: only the masked recipient is in the clear', async () => {
    sys.ctx.notifier = nowhere;
    const id = (await queue({ ...message('Secret.Person@example.com'), text: 'Code: 918273' }))!;
    await sendNow(sys.ctx, [id]);
    const stored = JSON.stringify((await sys.ctx.store.dump()).outbox);
    assert.ok(!/Secret\.Person|918273/.test(stored), 'neither the address nor the text');
    assert.equal((await row(id)).toMasked, 'S***@example.com');
    assert.deepEqual(sys.ctx.personalData.openMessage((await row(id)).sealed!).to, { kind: 'email', value: 'Secret.Person@example.com' });
  });
});
