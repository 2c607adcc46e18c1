// The outbox against a real SMTP server that is down, or refuses mail for a while: the holder is answered
// honestly at once, the server's own worker retries on schedule (the clock moved past each wait), and once
// the server takes mail the message arrives exactly once — a code that then signs in, a reply threaded under
// the holder's mail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../../src/services/demo/seed.ts';
import { inboundMailSecret } from '../../../src/services/desk/ticket-mail.ts';
import { deliveryNotifier } from '../../../src/services/messages/delivery.ts';
import { RETRY_DELAYS_MS } from '../../../src/services/messages/outbox.ts';
import { waitFor } from '../../support/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../../support/mail-servers.ts';
import { freePort } from '../../support/process.ts';
import { call, startSystem, type TestSystem } from '../../support/system.ts';

describe('the outbox and an SMTP server that is down or refusing', () => {
  let sys: TestSystem;
  let port: number;
  let sink: SmtpSink | undefined;

  const outboxRow = async (key: string) => (await sys.ctx.store.dump()).outbox!.find((m: any) => m.dedupe_key === key) as any;

  before(async () => {
    sys = await startSystem();
    port = await freePort();
    sys.ctx.notifier = deliveryNotifier({ mail: { url: `smtp://127.0.0.1:${port}`, from: '96066@bmac.com.cn' }, sms: undefined, sendTimeoutMs: 5_000 })!;
  });
  after(async () => {
    await sys.stop();
    await sink?.close();
  });

  test('a code asked for while the server is down is answered as queued, arrives once it is up — exactly once — and signs in', async () => {
    const document = { type: 'passport', number: 'K1234567', state: 'AUS' };
    const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, email: 'down.then.up@example.com', lang: 'en' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual([sent.body.sentTo, sent.body.delivery], ['d***@example.com', 'queued']);
    const key = `code:${sent.body.challengeId}:sign-in`;
    assert.deepEqual([(await outboxRow(key)).status, (await outboxRow(key)).attempts], ['pending', 1]);

    sink = await startSmtpSink(port);
    sys.advance(RETRY_DELAYS_MS[0]);
    await waitFor(() => sink!.received.length > 0);
    // A few more rounds of the worker: none sends it again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(sink.received.length, 1);
    const mail = sink.received[0]!;
    assert.deepEqual(mail.envelope.to, ['down.then.up@example.com']);
    assert.equal(mail.headers['message-id'], `<code-${sent.body.challengeId}-sign-in@ykt>`);
    assert.equal(mail.headers['auto-submitted'], 'auto-generated');
    const row = await outboxRow(key);
    assert.deepEqual([row.status, row.attempts, row.message_sealed], ['sent', 2, null]);

    const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: /Code: (\d{6})/.exec(mail.text)![1] });
    assert.equal(session.status, 200, JSON.stringify(session.body));
  });

  test('an agent\'s reply refused by the server (451) is tried again until it is taken, and arrives once, threaded', async () => {
    const member = DEMO_STAFF.find((s) => s.role === 'agent')!;
    const agent = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password })).body.token;
    const inbound = await fetch(`${sys.base}/api/v1/service/inbound-mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ykt-mail-secret': inboundMailSecret(sys.ctx) },
      body: JSON.stringify({ from: 'gina@example.com', to: '96066@bmac.com.cn', subject: 'Card lost', text: 'I lost my card.', messageId: '<lost-1@example.com>' }),
    });
    const ticketId = ((await inbound.json()) as { ticketId: number }).ticketId;
    sink!.refusing = true;
    const replied = await call(sys.base, 'POST', `/api/v1/service/tickets/${ticketId}/replies`, { body: 'Please report it lost at an outlet.' }, agent);
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    const messageId = (await sys.ctx.store.tickets.messages(ticketId)).find((m) => m.author === 'agent')!.mailMessageId;
    const key = `reply:${messageId}`;
    assert.deepEqual([(await outboxRow(key)).attempts, (await outboxRow(key)).last_error], [1, 'EENVELOPE 451']);

    sys.advance(RETRY_DELAYS_MS[0]);
    await waitFor(async () => (await outboxRow(key)).attempts === 2);
    assert.equal((await outboxRow(key)).status, 'pending', 'still refused, still queued');

    sink!.refusing = false;
    const before = sink!.received.length;
    sys.advance(RETRY_DELAYS_MS[1]);
    await waitFor(async () => (await outboxRow(key)).status === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const arrived = sink!.received.slice(before);
    assert.equal(arrived.length, 1);
    assert.equal(arrived[0]!.headers['message-id'], messageId);
    assert.equal(arrived[0]!.headers['in-reply-to'], '<lost-1@example.com>');
    assert.equal(arrived[0]!.headers['auto-submitted'], undefined, 'a person wrote it');
  });
});
