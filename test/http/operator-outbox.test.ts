// The outbox on /ops over real HTTP: an agent's reply whose mail fails its last try is listed for operators
// with the reason, the tries and the recipient masked; an operator's retry sends it once the mail server is
// back, audited; a retry of anything but a failed message is refused, coded, and changes nothing; only
// operators get in; /metrics counts them. The mail goes to a real SMTP port with nothing listening, then to
// the demo outbox.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { inboundMailSecret } from '../../src/services/desk/ticket-mail.ts';
import { deliveryNotifier } from '../../src/services/messages/delivery.ts';
import { RETRY_DELAYS_MS } from '../../src/services/messages/outbox.ts';
import { deliverDue } from '../../src/services/messages/outbox-worker.ts';
import { assertCoded } from '../support/fixtures.ts';
import { freePort } from '../support/process.ts';
import { TEST_METRICS_TOKEN, call, startSystem, type TestSystem } from '../support/system.ts';

describe('failed messages on /ops', () => {
  let sys: TestSystem;
  const tokens: Record<string, string> = {};
  let failedId: number;

  before(async () => {
    sys = await startSystem();
    // Each round below is the test's, not the server's worker's.
    await sys.app.parts.outbox.stop();
    for (const member of DEMO_STAFF) tokens[member.role] = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password })).body.token;
  });
  after(() => sys.stop());

  test('an agent\'s reply whose mail fails its last try is listed with the reason, the tries and the recipient masked', async () => {
    const inbound = await fetch(`${sys.base}/api/v1/service/inbound-mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ykt-mail-secret': inboundMailSecret(sys.ctx) },
      body: JSON.stringify({ from: 'Frank.Lee@example.org', to: '96066@bmac.com.cn', subject: 'Refund', text: 'Where can I refund my card?', messageId: '<refund-1@example.org>' }),
    });
    const ticketId = ((await inbound.json()) as { ticketId: number }).ticketId;
    const demo = sys.ctx.notifier;
    sys.ctx.notifier = deliveryNotifier({ mail: { url: `smtp://127.0.0.1:${await freePort()}`, from: '96066@bmac.com.cn' }, sms: undefined, sendTimeoutMs: 5_000 })!;
    try {
      const replied = await call(sys.base, 'POST', `/api/v1/service/tickets/${ticketId}/replies`, { body: 'At any outlet.' }, tokens.agent);
      assert.equal(replied.status, 201, JSON.stringify(replied.body));
      for (const delay of RETRY_DELAYS_MS) {
        sys.advance(delay);
        await deliverDue(sys.ctx);
      }
    } finally {
      sys.ctx.notifier = demo;
    }
    const report = await call(sys.base, 'GET', '/api/v1/admin/messages', undefined, tokens.operator);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.equal(report.body.counts.failed, 1);
    assert.equal(report.body.counts.pending, 0);
    const failed = report.body.failures[0];
    failedId = failed.id;
    assert.deepEqual({ ...failed, id: 0, createdAt: 0, reason: 0 }, { id: 0, kind: 'reply', to: 'f***@example.org', status: 'failed', attempts: 8, reason: 0, createdAt: 0 });
    assert.match(failed.reason, /^E[A-Z]+/);
    assert.ok(!/frank\.lee/i.test(JSON.stringify(report.body)), 'no recipient in the clear');
    const metrics = await (await fetch(`${sys.base}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text();
    assert.match(metrics, /^ykt_store_outbox_messages\{status="failed"\} 1$/m);
    assert.match(metrics, /^ykt_store_outbox_messages\{status="pending"\} 0$/m);
  });

  test('an operator\'s retry sends it once the mail server is back, and is audited', async () => {
    const mails = sys.outbox.recentMails().length;
    const retried = await call(sys.base, 'POST', `/api/v1/admin/messages/${failedId}/retry`, {}, tokens.operator);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    assert.deepEqual([retried.body.status, retried.body.attempts, retried.body.to], ['sent', 1, 'f***@example.org']);
    assert.equal(sys.outbox.recentMails().length, mails + 1);
    assert.equal(sys.outbox.recentMails()[0]!.to.value, 'frank.lee@example.org', 'the ticket\'s address, as tickets keep it (lower-case)');
    const audit = (await sys.ctx.store.audit.of(`message:${failedId}`)).map((e) => e.action);
    assert.deepEqual(audit, ['message.retried']);
    const report = await call(sys.base, 'GET', '/api/v1/admin/messages', undefined, tokens.operator);
    assert.deepEqual([report.body.counts.failed, report.body.failures], [0, []]);
  });

  test('a retry of a message that has not failed, or of none, is refused coded and changes nothing', async () => {
    const before = await sys.ctx.store.dump();
    assertCoded(await call(sys.base, 'POST', `/api/v1/admin/messages/${failedId}/retry`, {}, tokens.operator), 'MESSAGE_NOT_FAILED');
    assertCoded(await call(sys.base, 'POST', '/api/v1/admin/messages/999999/retry', {}, tokens.operator), 'MESSAGE_NOT_FOUND');
    assertCoded(await call(sys.base, 'POST', '/api/v1/admin/messages/abc/retry', {}, tokens.operator), 'VALIDATION_FAILED');
    assert.deepEqual(await sys.ctx.store.dump(), before);
  });

  test('every role but operator is refused', async () => {
    for (const role of ['staff', 'agent', 'outlet']) {
      assertCoded(await call(sys.base, 'GET', '/api/v1/admin/messages', undefined, tokens[role]), 'ROLE_FORBIDDEN');
      assertCoded(await call(sys.base, 'POST', `/api/v1/admin/messages/${failedId}/retry`, {}, tokens[role]), 'ROLE_FORBIDDEN');
    }
    assertCoded(await call(sys.base, 'GET', '/api/v1/admin/messages'), 'AUTH_REQUIRED');
  });
});
