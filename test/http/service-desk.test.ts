// The service desk over real HTTP: a ticket from open to closed through each of its three channels
// (the holder's page, e-mail, a hotline call), e-mail threading and idempotency, the agent's unbind, the
// audit trail, and every other role refused on the agent routes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { inboundMailSecret } from '../../src/services/desk/ticket-mail.ts';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { assertCoded, demoCard, demoDocument, waitFor } from '../support/fixtures.ts';
import { call, signIn, startSystem, type TestSystem } from '../support/system.ts';

describe('the service desk', () => {
  let sys: TestSystem;
  let agent: string;
  let holder: string;
  const tokens: Record<string, string> = {};

  async function staffToken(role: string): Promise<string> {
    const member = DEMO_STAFF.find((s) => s.role === role)!;
    const reply = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.token;
  }

  async function mail(body: object, secret = inboundMailSecret(sys.ctx)) {
    const response = await fetch(`${sys.base}/api/v1/service/inbound-mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ykt-mail-secret': secret },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  before(async () => {
    sys = await startSystem();
    agent = await staffToken('agent');
    for (const role of ['staff', 'outlet', 'operator']) tokens[role] = await staffToken(role);
    holder = await signIn(sys, 'kit', demoDocument('hk-macao-permit'));
  });
  after(() => sys.stop());

  test('takes a ticket opened on the holder page from open to closed, with replies in between', async () => {
    const upgraded = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(2), medium: 'physical', agreementVersion: 1 }, holder);
    assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
    const opened = await call(sys.base, 'POST', '/api/v1/kit/tickets', { subject: '闸机提示未查到健康码', body: '我的卡升级后在西直门刷卡失败。', bindingId: upgraded.body.card.id }, holder);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const id = opened.body.ticket.id;
    assert.equal(opened.body.ticket.state, 'open');
    assert.equal(opened.body.ticket.lang, 'zh');
    assert.equal(opened.body.ticket.source, 'kit');
    assert.equal(opened.body.ticket.card, `1000********${demoCard(2).slice(-4)}`);

    const queue = await call(sys.base, 'GET', '/api/v1/service/tickets?assignee=none', undefined, agent);
    assert.ok(queue.body.tickets.some((t: { id: number }) => t.id === id));

    const detail = await call(sys.base, 'GET', `/api/v1/service/tickets/${id}`, undefined, agent);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.holder.docType, 'hk-macao-permit');
    assert.match(detail.body.holder.docMasked, /\*/);
    assert.equal(detail.body.card.binding.id, upgraded.body.card.id);

    const assigned = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/assign`, { assignee: 'agent' }, agent);
    assert.equal(assigned.body.ticket.assignee.username, 'agent');
    const asked = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: '请问您是哪天升级的?', state: 'pending-holder' }, agent);
    assert.equal(asked.status, 201);
    assert.equal(asked.body.ticket.state, 'pending-holder');
    await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'holder sounds tired', internal: true }, agent);

    const seen = await call(sys.base, 'GET', `/api/v1/kit/tickets/${id}`, undefined, holder);
    assert.deepEqual(seen.body.messages.map((m: { author: string }) => m.author), ['holder', 'agent'], 'internal notes are not shown to the holder');
    const answered = await call(sys.base, 'POST', `/api/v1/kit/tickets/${id}/replies`, { body: '昨天升级的' }, holder);
    assert.equal(answered.body.ticket.state, 'open');

    // A call proves nothing: the agent's unbind sends the holder a link, and the card stays bound until they open it.
    const requested = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/unbind`, { bindingId: upgraded.body.card.id, reason: 'holder asked on the phone' }, agent);
    assert.equal(requested.status, 200, JSON.stringify(requested.body));
    assert.equal(requested.body.card.binding.id, upgraded.body.card.id);
    const linkIn = () => sys.outbox.recentMails().find((m) => m.text.includes('#/unbind/'))?.text.match(/#\/unbind\/([A-Za-z0-9_.-]+)/)?.[1];
    await waitFor(() => linkIn() !== undefined);
    const link = linkIn();
    const confirmed = await call(sys.base, 'POST', '/api/v1/kit/links/unbind', { token: link });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal((await call(sys.base, 'GET', '/api/v1/kit/cards', undefined, holder)).body.cards.length, 0);

    assert.equal((await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'resolved' }, agent)).body.ticket.state, 'resolved');
    assert.equal((await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'closed' }, agent)).body.ticket.state, 'closed');
    assertCoded(await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'open' }, agent), 'TICKET_TRANSITION_INVALID');
    assertCoded(await call(sys.base, 'POST', `/api/v1/kit/tickets/${id}/replies`, { body: 'again' }, holder), 'TICKET_CLOSED');

    const audit = await sys.ctx.store.audit.of(`ticket:${id}`);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['ticket.viewed', 'ticket.assigned', 'ticket.replied', 'ticket.replied', 'ticket.unbind-requested', 'ticket.unbound', 'ticket.state', 'ticket.state'],
    );
    // The unbind itself is the holder's, by the link; everything else is the agent's.
    assert.ok(audit.every((a) => a.actor.startsWith(a.action === 'ticket.unbound' ? 'person:' : 'agent:') && typeof a.data.person === 'number'));
    const ended = (await sys.ctx.store.bindings.of(audit[0]!.data.person as number, { activeOnly: false })).find((b) => b.id === upgraded.body.card.id);
    assert.equal(ended?.endReason, 'agent');
  });

  test('takes an e-mail ticket from open to closed, threading replies by In-Reply-To and by subject tag', async () => {
    const first = await mail({ from: 'Bob <Bob@Example.com>', to: '96066@bmac.com.cn', subject: 'Refund question', text: 'Where can I get a refund?', messageId: '<m1@example.com>' });
    assert.equal(first.status, 201);
    const id = first.body.ticketId;
    assert.deepEqual(first.body, { ticketId: id, threaded: false, duplicate: false });

    const again = await mail({ from: 'Bob <Bob@Example.com>', to: '96066@bmac.com.cn', subject: 'Refund question', text: 'Where can I get a refund?', messageId: '<m1@example.com>' });
    assert.deepEqual(again.body, { ticketId: id, threaded: false, duplicate: true });

    const replied = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'At any outlet; which card?', state: 'pending-holder' }, agent);
    const ours = (await sys.ctx.store.tickets.messages(id)).find((m) => m.author === 'agent')!;
    assert.match(ours.mailMessageId ?? '', /^<ticket-\d+-/);
    assert.equal(replied.body.contact.email, 'bob@example.com');

    const byHeader = await mail({ from: 'bob@example.com', to: 'x', subject: 'Re: Refund question', text: 'An ordinary card.', messageId: '<m2@example.com>', inReplyTo: ours.mailMessageId });
    assert.deepEqual(byHeader.body, { ticketId: id, threaded: true, duplicate: false });
    assert.equal((await sys.ctx.store.tickets.get(id))!.state, 'open');

    const byTag = await mail({ from: 'bob@example.com', to: 'x', subject: `Re: [#${id}] Refund question`, text: 'Thanks!', messageId: '<m3@example.com>' });
    assert.equal(byTag.body.ticketId, id);
    const stranger = await mail({ from: 'eve@example.com', to: 'x', subject: `Re: [#${id}] Refund question`, text: 'let me in', messageId: '<m4@example.com>' });
    assert.notEqual(stranger.body.ticketId, id, 'a guessed tag from another address opens its own ticket');

    await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'resolved' }, agent);
    const closed = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'closed' }, agent);
    assert.equal(closed.body.ticket.state, 'closed');
    assert.equal(closed.body.messages.length, 4);

    const late = await mail({ from: 'bob@example.com', to: 'x', subject: `Re: [#${id}] Refund question`, text: 'One more thing', messageId: '<m5@example.com>' });
    assert.equal(late.status, 201);
    assert.notEqual(late.body.ticketId, id, 'a reply to a closed ticket opens a new one');

    assertCoded(await mail({ from: 'a@b.c', to: 'x', subject: 's', text: 't', messageId: '<m6@x>' }, 'wrong'), 'MAIL_SECRET_INVALID');
  });

  interface Mail { to: string; subject: string; text: string; messageId: string; inReplyTo: string | null }
  const outboxMails = async (): Promise<Mail[]> => (await call(sys.base, 'GET', '/api/v1/demo/outbox')).body.mails;

  for (const [lang, holderMail] of [
    ['zh', { from: '王芳 <Wang.Fang@Example.cn>', subject: '退卡咨询', text: '请问在哪里可以退卡?我的卡里还有余额。', answer: '您好,余额可在任一自营网点退还。', footer: /北京一卡通客服 · 工单 #(\d+)\n如需补充,请直接回复此邮件/ }],
    ['en', { from: 'Carol <carol@example.org>', subject: 'Lost my card', text: 'I lost my upgraded card on the subway.', answer: 'Please report it lost at any outlet.', footer: /Beijing Yikatong customer service · ticket #(\d+)\nTo add anything, reply to this e-mail/ }],
  ] as const) {
    test(`mails an agent's reply to an e-mail ticket in the holder's language (${lang}), and the answer threads back`, async () => {
      const address = holderMail.from.replace(/^.*<|>$/g, '').toLowerCase();
      const opened = await mail({ from: holderMail.from, to: '96066@bmac.com.cn', subject: holderMail.subject, text: holderMail.text, messageId: `<first-${lang}@example.net>` });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const id = opened.body.ticketId as number;
      const note = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'checking the card first', internal: true }, agent);
      assert.equal(note.status, 201);
      // Judged by its words, not by counting the outbox: other messages (this ticket's own) may land meanwhile.
      assert.ok(!(await outboxMails()).some((m) => m.text.includes('checking the card first')), 'an internal note is not mailed');

      const replied = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: holderMail.answer, state: 'pending-holder' }, agent);
      assert.equal(replied.status, 201, JSON.stringify(replied.body));
      assert.equal(replied.body.ticket.lang, lang);
      // Only this holder's mail: the outbox may meanwhile take messages of earlier tests, sent later.
      const mails = (await outboxMails()).filter((m) => m.to === address);
      assert.equal(mails.length, 1, 'the reply, and nothing else, is mailed to the holder');
      const sent = mails[0]!;
      const stored = (await sys.ctx.store.tickets.messages(id)).find((m) => m.author === 'agent' && !m.internal)!;
      assert.deepEqual(
        { to: sent.to, subject: sent.subject, messageId: sent.messageId, inReplyTo: sent.inReplyTo },
        { to: address, subject: `Re: [#${id}] ${holderMail.subject}`, messageId: stored.mailMessageId, inReplyTo: `<first-${lang}@example.net>` },
      );
      assert.ok(sent.text.startsWith(holderMail.answer), sent.text);
      assert.equal(holderMail.footer.exec(sent.text)?.[1], String(id), sent.text);
      assert.equal(/\p{Script=Han}/u.test(sent.text.replace(holderMail.answer, '')), lang === 'zh', 'the footer is in the holder\'s language');

      const answer = await mail({ from: address, to: '96066@bmac.com.cn', subject: `Re: ${sent.subject}`, text: lang === 'zh' ? '好的,谢谢!' : 'Thanks, will do.', messageId: `<second-${lang}@example.net>`, inReplyTo: sent.messageId });
      assert.deepEqual(answer.body, { ticketId: id, threaded: true, duplicate: false });
      const byTag = await mail({ from: address, to: '96066@bmac.com.cn', subject: sent.subject, text: lang === 'zh' ? '还有一个问题' : 'One more question', messageId: `<third-${lang}@example.net>` });
      assert.deepEqual(byTag.body, { ticketId: id, threaded: true, duplicate: false });
      const detail = await call(sys.base, 'GET', `/api/v1/service/tickets/${id}`, undefined, agent);
      assert.equal(detail.body.ticket.state, 'open', 'the holder\'s answer reopens the ticket');
      assert.deepEqual(detail.body.messages.map((m: { author: string; internal: boolean }) => `${m.author}${m.internal ? ':note' : ''}`), ['holder', 'agent:note', 'agent', 'holder', 'holder']);

      const next = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: holderMail.answer, state: 'resolved' }, agent);
      assert.equal(next.status, 201);
      assert.equal((await outboxMails())[0]!.inReplyTo, `<third-${lang}@example.net>`, 'a later reply answers the holder\'s latest mail');
    });
  }

  test('keeps the reply and queues its mail when the mail cannot be sent at once; logs name the message, never the address', async () => {
    const opened = await mail({ from: 'dan@example.com', to: '96066@bmac.com.cn', subject: 'Balance', text: 'What is my balance?', messageId: '<fail-1@example.com>' });
    const id = opened.body.ticketId as number;
    const { notifier, log } = sys.ctx;
    const logged: Array<{ level: string; obj: object; msg?: string }> = [];
    // A relay that refuses the mailbox, as a real one answers: the error's text quotes the address.
    sys.ctx.notifier = { reaches: notifier.reaches, send: async () => Promise.reject(Object.assign(new Error('550 mailbox dan@example.com unavailable'), { code: 'EENVELOPE', responseCode: 550 })) };
    sys.ctx.log = {
      info: (obj, msg) => logged.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => logged.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => logged.push({ level: 'error', obj, msg }),
    };
    try {
      const replied = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'Please check it on the app.' }, agent);
      assert.equal(replied.status, 201, JSON.stringify(replied.body));
      assert.ok(replied.body.messages.some((m: { author: string; body: string }) => m.author === 'agent' && m.body === 'Please check it on the app.'));
    } finally {
      sys.ctx.notifier = notifier;
      sys.ctx.log = log;
    }
    const stored = (await sys.ctx.store.tickets.messages(id)).find((m) => m.author === 'agent')!;
    const queued = (await sys.ctx.store.dump()).outbox!.find((m: any) => m.dedupe_key === `reply:${stored.mailMessageId}`) as any;
    assert.deepEqual([queued.kind, queued.status, queued.attempts, queued.last_error, queued.to_masked], ['reply', 'pending', 1, 'EENVELOPE 550', 'd***@example.com']);
    assert.deepEqual(logged.map((l) => [l.level, l.obj]), [['warn', { outbox: queued.id, kind: 'reply', attempt: 1, error: 'EENVELOPE 550', nextAttemptAt: new Date(queued.next_attempt_at).toISOString() }]]);
    assert.doesNotMatch(JSON.stringify(logged) + JSON.stringify(queued), /dan@example\.com/);
    // The relay takes it at the worker's next try.
    sys.advance(10_000);
    await waitFor(async () => (await sys.ctx.store.outbox.get(queued.id))!.status === 'sent');
    assert.equal((await outboxMails())[0]!.messageId, stored.mailMessageId);
  });

  test('the demo outbox log line of a message names its Message-ID, never the address', async () => {
    const { OutboxNotifier } = await import('../../src/services/messages/outbox-notifier.ts');
    const lines: object[] = [];
    const outbox = new OutboxNotifier({ info: (obj) => lines.push(obj), warn: () => {}, error: () => {} });
    await outbox.send({ to: { kind: 'email', value: 'erin@example.com' }, lang: 'en', subject: 'Re: [#7] Card', text: 'Hello erin', messageId: '<ticket-7-x@ykt>', inReplyTo: '<a@b>', automatic: false });
    assert.deepEqual(lines, [{ messageId: '<ticket-7-x@ykt>' }]);
    assert.equal(outbox.recentMails()[0]!.to.value, 'erin@example.com');
  });

  test('takes a hotline ticket typed in by the agent from open to closed, linked by document', async () => {
    const opened = await call(sys.base, 'POST', '/api/v1/service/tickets', {
      subject: 'Caller cannot see her card', body: 'Called 010-96066; card not listed after upgrade.', lang: 'en', phone: '+44 20 7946 0000', document: demoDocument('passport'),
    }, agent);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const id = opened.body.ticket.id;
    assert.equal(opened.body.ticket.source, 'hotline');
    assert.equal(opened.body.ticket.assignee.username, 'agent');
    assert.equal(opened.body.holder.docType, 'passport');
    assert.equal(opened.body.contact.phone, '+44 20 7946 0000');
    assertCoded(await call(sys.base, 'POST', '/api/v1/service/tickets', { subject: 's', body: 'b', lang: 'en', document: { type: 'passport', number: 'Z9999999', state: 'FRA' } }, agent), 'TICKET_HOLDER_UNKNOWN');
    const linked = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/link`, { cardNumber: demoCard(3) }, agent);
    assert.equal(linked.body.card.masked, `1000********${demoCard(3).slice(-4)}`);
    await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'Fixed: the card shows now.', state: 'resolved' }, agent);
    const closed = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/state`, { state: 'closed' }, agent);
    assert.equal(closed.body.ticket.state, 'closed');
    assertCoded(await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: 'late' }, agent), 'TICKET_CLOSED');
    assertCoded(await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/assign`, { assignee: 'operator' }, agent), 'TICKET_ASSIGNEE_INVALID');
    assertCoded(await call(sys.base, 'GET', '/api/v1/service/tickets/999999', undefined, agent), 'TICKET_NOT_FOUND');
  });

  test('mails the answer to a hotline caller who gave an e-mail address, and not to one who did not', async () => {
    const mails = async () => (await call(sys.base, 'GET', '/api/v1/demo/outbox')).body.mails as Array<{ to: string; subject: string; text: string }>;
    const withMail = await call(sys.base, 'POST', '/api/v1/service/tickets', { subject: '退卡地点', body: '来电询问退卡网点', lang: 'zh', phone: '13800000000', email: 'Li.Lei@example.cn' }, agent);
    const withoutMail = await call(sys.base, 'POST', '/api/v1/service/tickets', { subject: 'Refund', body: 'Where to refund', lang: 'en', phone: '13900000000' }, agent);
    const before = (await mails()).length;
    await call(sys.base, 'POST', `/api/v1/service/tickets/${withoutMail.body.ticket.id}/replies`, { body: 'Any self-operated outlet.' }, agent);
    assert.equal((await mails()).length, before);
    await call(sys.base, 'POST', `/api/v1/service/tickets/${withMail.body.ticket.id}/replies`, { body: '任一自营网点均可办理。' }, agent);
    const sent = (await mails())[0]!;
    assert.equal((await mails()).length, before + 1);
    assert.deepEqual([sent.to, sent.subject], ['li.lei@example.cn', `Re: [#${withMail.body.ticket.id}] 退卡地点`]);
    assert.match(sent.text, /^任一自营网点均可办理。\n\n——\n北京一卡通客服/);
  });

  test("keeps one holder out of another's tickets", async () => {
    const other = await signIn(sys, 'kit', demoDocument('taiwan-permit'));
    const mine = await call(sys.base, 'POST', '/api/v1/kit/tickets', { subject: 'Hello', body: 'A question' }, holder);
    assertCoded(await call(sys.base, 'GET', `/api/v1/kit/tickets/${mine.body.ticket.id}`, undefined, other), 'TICKET_NOT_FOUND');
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/tickets', { subject: 'x', body: 'y', bindingId: 999999 }, other), 'BINDING_NOT_FOUND');
    assert.ok((await call(sys.base, 'GET', '/api/v1/kit/tickets', undefined, other)).body.tickets.every((t: { id: number }) => t.id !== mine.body.ticket.id));
  });

  test('refuses every other role on the agent routes', async () => {
    const { token } = await issueEnrolment(sys.ctx, { kind: 'metro-gate', line: 'L1', station: 'S1' }, 'test');
    const enrolled = await call(sys.base, 'POST', '/api/v1/terminal/enrol', { token });
    const callers: Array<[string, string | undefined, 'AUTH_REQUIRED' | 'SESSION_INVALID' | 'ROLE_FORBIDDEN']> = [
      ['nobody', undefined, 'AUTH_REQUIRED'],
      ['holder', holder, 'SESSION_INVALID'],
      ['terminal', enrolled.body.credentials, 'SESSION_INVALID'],
      ['staff', tokens.staff, 'ROLE_FORBIDDEN'],
      ['outlet', tokens.outlet, 'ROLE_FORBIDDEN'],
      ['operator', tokens.operator, 'ROLE_FORBIDDEN'],
    ];
    const routes: Array<[string, string, object?]> = [
      ['GET', '/api/v1/service/tickets'],
      ['GET', '/api/v1/service/agents'],
      ['GET', '/api/v1/service/tickets/1'],
      ['POST', '/api/v1/service/tickets', { subject: 's', body: 'b', lang: 'en' }],
      ['POST', '/api/v1/service/tickets/1/replies', { body: 'b' }],
      ['POST', '/api/v1/service/tickets/1/state', { state: 'closed' }],
      ['POST', '/api/v1/service/tickets/1/assign', { assignee: null }],
      ['POST', '/api/v1/service/tickets/1/link', { cardNumber: demoCard(1) }],
      ['POST', '/api/v1/service/tickets/1/unbind', { bindingId: 1 }],
    ];
    const before = await sys.ctx.store.dump();
    for (const [who, token, code] of callers) {
      for (const [method, url, body] of routes) {
        const reply = await call(sys.base, method, url, body, token);
        assert.equal(reply.body?.error?.code, code, `${who} ${method} ${url}: ${JSON.stringify(reply.body)}`);
      }
    }
    const afterDump = await sys.ctx.store.dump();
    assert.deepEqual(afterDump.ticket, before.ticket);
    assert.deepEqual(afterDump.ticket_message, before.ticket_message);
  });
});
