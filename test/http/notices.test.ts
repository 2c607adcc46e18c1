// The notices a holder receives, in production mode against a real SMTP server and a real HTTP SMS
// receiver: an agent's unbind waits for the holder's confirmation link and then tells them how to undo it; an
// agent's reply on a web ticket; a replaced contact told of it; a refund's receipt; a pass about to lapse, once, with a link that turns
// reminders off. Each in the holder's language, each naming the card masked and nothing else about them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { buildServer } from '../../src/http/server.ts';
import { agentUnbind } from '../../src/services/desk/assisted-unbind.ts';
import { replaceContactAtOutlet } from '../../src/services/desk/outlet-contact.ts';
import { quoteCardRefund, refundCard } from '../../src/services/desk/refunds.ts';
import { agentReply } from '../../src/services/desk/tickets.ts';
import { importCards } from '../../src/services/feeds/card-import.ts';
import { seedDemo } from '../../src/services/demo/seed.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import { remindLapsing } from '../../src/services/holder/reminders.ts';
import { buildNextVersion } from '../../src/services/lists/builder.ts';
import { openSystem, type System } from '../../src/system.ts';
import type { StaffMember } from '../../src/store/store.ts';
import { assertCoded, waitFor } from '../support/fixtures.ts';
import { startSmsReceiver, startSmtpSink, type SmsReceiver, type SmtpSink } from '../support/mail-servers.ts';
import { call, tempDataDir } from '../support/system.ts';

const PUBLIC_URL = 'https://ykt.example.com';

/** The first message that `pick` finds among those received, once one has arrived. */
async function arrival<T>(pick: () => T | undefined): Promise<T> {
  await waitFor(() => pick() !== undefined);
  return pick()!;
}

describe('notices to holders, over real SMTP and SMS', () => {
  let system: System;
  let base: string;
  let sink: SmtpSink;
  let sms: SmsReceiver;
  let close: () => Promise<void>;
  let agent: StaffMember;
  let clerk: StaffMember;
  let serial = 40;

  before(async () => {
    sink = await startSmtpSink();
    sms = await startSmsReceiver();
    const config = loadConfig({
      YKT_DATA_DIR: tempDataDir(),
      YKT_MAIL_URL: sink.url,
      YKT_SMS_GATEWAY_URL: sms.url,
      YKT_SMS_GATEWAY_KEY: sms.key,
      YKT_PUBLIC_URL: PUBLIC_URL,
      LOG_LEVEL: 'silent',
    });
    system = await openSystem(config, pino({ level: 'silent' }));
    await seedDemo(system.ctx);
    const app = await buildServer(system.ctx, {});
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
    close = async () => {
      await app.close();
      await system.close();
    };
    agent = (await system.ctx.store.staff.find({ username: 'agent' }))!;
    clerk = (await system.ctx.store.staff.find({ username: 'outlet' }))!;
  });
  after(async () => {
    await close();
    await Promise.all([sink.close(), sms.close()]);
  });

  /** Signs a new passport holder in by e-mail (or SMS) in `lang` and upgrades a fresh demo card; the code is read from what arrived. */
  async function holderWithCard(lang: 'zh' | 'en', contact: { email: string } | { phone: string }) {
    const document = { type: 'passport', number: `N${String(++serial).padStart(7, '0')}`, state: 'CAN' };
    const sent = await call(base, 'POST', '/api/v1/kit/login/code', { ...document, ...contact, lang });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const code = await arrival(() => {
      const text = 'email' in contact ? sink.received.find((m) => m.envelope.to.includes(contact.email))?.text : sms.received.find((m) => m.to === contact.phone.replace(/\s/g, ''))?.text;
      return text?.match(/(\d{6})/)?.[1];
    });
    const session = await call(base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code, lang });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    const token: string = session.body.token;
    const cardNumber = `10007519${String(serial).padStart(8, '0')}`;
    await importCards(system.ctx, (async function* () {
      yield { number: cardNumber, medium: 'physical', product: 'ordinary', state: 'active', deposit_fen: '2000', balance_fen: '1500' };
    })());
    const agreement = await call(base, 'GET', '/api/v1/kit/agreement');
    const upgraded = await call(base, 'POST', '/api/v1/kit/cards', { cardNumber, medium: 'physical', agreementVersion: agreement.body.version }, token);
    assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
    return { document, token, cardNumber, bindingId: upgraded.body.card.id as number, masked: upgraded.body.card.card as string };
  }

  const mailsTo = (address: string) => sink.received.filter((m) => m.envelope.to.includes(address));

  test('an agent unbinds only once the holder opens the link mailed to them, and the holder is told how to undo it (English)', async () => {
    const email = 'unbind.en@example.com';
    const holder = await holderWithCard('en', { email });
    const opened = await call(base, 'POST', '/api/v1/kit/tickets', { subject: 'Please unbind my card', body: 'I lost it.', bindingId: holder.bindingId, lang: 'en' }, holder.token);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const ticketId: number = opened.body.ticket.id;

    await agentUnbind(system.ctx, agent, ticketId, { bindingId: holder.bindingId, reason: 'asked by e-mail' });
    assert.equal((await system.ctx.store.bindings.activeOfCard((await system.ctx.store.cards.findByNumber(holder.cardNumber))!.id))?.id, holder.bindingId, 'not unbound before the holder confirms');
    const confirm = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('Please confirm unbinding')));
    assert.equal(confirm.headers['content-language'], 'en');
    assert.ok(confirm.text.includes(holder.masked), 'names the card masked');
    assert.ok(!confirm.text.includes(holder.cardNumber) && !confirm.text.includes(holder.document.number), 'no full card or document number');
    const link = confirm.text.match(new RegExp(`${PUBLIC_URL}/kit#/unbind/([A-Za-z0-9_.-]+)`));
    assert.ok(link, confirm.text);
    const token = link[1]!;

    // A changed token proves nothing, and changes nothing.
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    assertCoded(await call(base, 'POST', '/api/v1/kit/links/unbind', { token: tampered }), 'LINK_INVALID');
    assertCoded(await call(base, 'POST', '/api/v1/kit/links/reminders-off', { token }), 'LINK_INVALID');

    const confirmed = await call(base, 'POST', '/api/v1/kit/links/unbind', { token });
    assert.deepEqual([confirmed.status, confirmed.body.card], [200, holder.masked]);
    const cards = await call(base, 'GET', '/api/v1/kit/cards', undefined, holder.token);
    assert.equal(cards.body.cards.length, 0);
    assertCoded(await call(base, 'POST', '/api/v1/kit/links/unbind', { token }), 'BINDING_NOT_FOUND');

    const unbound = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('is unbound')));
    assert.ok(unbound.text.includes(`${PUBLIC_URL}/kit#/upgrade`), 'says how to undo it');
    const thread = await call(base, 'GET', `/api/v1/kit/tickets/${ticketId}`, undefined, holder.token);
    assert.ok(thread.body.messages.some((m: { body: string }) => m.body.includes('confirmation link')), 'the ticket says a link went out');
  });

  test('an expired link is refused, coded with its zh and en messages, and the card stays bound', async () => {
    const email = 'expired.zh@example.com';
    const holder = await holderWithCard('zh', { email });
    const opened = await call(base, 'POST', '/api/v1/kit/tickets', { subject: '请解除绑定', body: '卡丢了。', bindingId: holder.bindingId, lang: 'zh' }, holder.token);
    await agentUnbind(system.ctx, agent, opened.body.ticket.id, { bindingId: holder.bindingId });
    const confirm = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('请确认解除')));
    assert.equal(confirm.headers['content-language'], 'zh-CN');
    const token = confirm.text.match(/#\/unbind\/([A-Za-z0-9_.-]+)/)![1]!;
    const clock = system.ctx.clock;
    system.ctx.clock = () => clock() + 25 * 3_600_000;
    try {
      // assertCoded compares the zh and en messages with the catalogue's.
      assertCoded(await call(base, 'POST', '/api/v1/kit/links/unbind', { token }), 'LINK_EXPIRED');
    } finally {
      system.ctx.clock = clock;
    }
    const cards = await call(base, 'GET', '/api/v1/kit/cards', undefined, holder.token);
    assert.equal(cards.body.cards.length, 1);
  });

  test('checked in person at an outlet, the agent unbinds at once; an unknown outlet is refused', async () => {
    const phone = '+852 9123 4001';
    const holder = await holderWithCard('zh', { phone });
    const opened = await call(base, 'POST', '/api/v1/kit/tickets', { subject: '解除绑定', body: '已在网点核验证件。', bindingId: holder.bindingId, lang: 'zh' }, holder.token);
    await assert.rejects(agentUnbind(system.ctx, agent, opened.body.ticket.id, { bindingId: holder.bindingId, checkedAt: 'NO-SUCH' }), { code: 'UNBIND_OUTLET_UNKNOWN' });
    const outlet = (await system.ctx.store.outlets.all())[0]!;
    await agentUnbind(system.ctx, agent, opened.body.ticket.id, { bindingId: holder.bindingId, checkedAt: outlet.id });
    const cards = await call(base, 'GET', '/api/v1/kit/cards', undefined, holder.token);
    assert.equal(cards.body.cards.length, 0);
    const notice = await arrival(() => sms.received.find((m) => m.to === '+85291234001' && m.text.includes('已解除绑定')));
    assert.equal(notice.lang, 'zh');
    assert.ok(notice.text.includes(holder.masked.slice(-4)));
  });

  test("an agent's reply on a web ticket is announced; the reply itself stays on the holder's page", async () => {
    const email = 'reply.en@example.com';
    const holder = await holderWithCard('en', { email });
    const opened = await call(base, 'POST', '/api/v1/kit/tickets', { subject: 'Gate said not found', body: 'At Xizhimen.', bindingId: holder.bindingId, lang: 'en' }, holder.token);
    await agentReply(system.ctx, agent, opened.body.ticket.id, { body: 'Please try again now: the list was late.' });
    const notice = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('replied to your ticket')));
    assert.ok(notice.text.includes(`#${opened.body.ticket.id}`));
    assert.ok(!notice.text.includes('the list was late'), 'the reply is read on the page, signed in');
    await agentReply(system.ctx, agent, opened.body.ticket.id, { body: 'internal: checked the reader', internal: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(email).filter((m) => m.headers.subject?.includes('replied to your ticket')).length, 1, 'an internal note tells the holder nothing');
  });

  test('a contact replaced at an outlet is told so, in the holder\'s language, with where and to what (masked)', async () => {
    const email = 'old.contact@example.com';
    const holder = await holderWithCard('en', { email });
    await replaceContactAtOutlet(system.ctx, clerk, { document: holder.document, email: 'new.contact@example.com', documentChecked: true });
    const notice = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('contact for your codes was changed')));
    assert.ok(notice.text.includes('n***@example.com') && !notice.text.includes('new.contact@example.com'), notice.text);
    assert.equal(mailsTo('new.contact@example.com').length, 0, 'the new contact is proven at the next sign-in, not told here');
  });

  test('a refund at an outlet sends the receipt to the holder of the upgraded card', async () => {
    const email = 'refund.zh@example.com';
    const holder = await holderWithCard('zh', { email });
    const request = { cardNumber: holder.cardNumber, damaged: false, chipUnreadable: false };
    const { quote } = await quoteCardRefund(system.ctx, clerk, request);
    assert.equal(quote.outcome, 'REFUND', JSON.stringify(quote));
    if (quote.outcome !== 'REFUND') return;
    const refund = await refundCard(system.ctx, clerk, request, { totalFen: quote.totalFen, rulesVersion: quote.rulesVersion });
    const receipt = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes(refund.receiptNo)));
    assert.equal(receipt.headers['content-language'], 'zh-CN');
    assert.ok(receipt.text.includes(`¥${(refund.totalFen / 100).toFixed(2)}`));
  });

  test('a pass lapsing within 12 hours is announced once; the link in it turns reminders off', async () => {
    const email = 'lapse.en@example.com';
    const holder = await holderWithCard('en', { email });
    const now = system.ctx.clock();
    // Tested 66 hours ago under the 72-hour policy: the pass lapses in 6 hours.
    const stored = await ingestHealth(system.ctx, [{ recordId: `lapse-${serial}`, document: holder.document, colour: 'green', testedAt: now - 66 * 3_600_000, recordedAt: now }]);
    assert.equal(stored.stored, 1);
    await buildNextVersion(system.ctx);
    assert.ok((await remindLapsing(system.ctx)) >= 1);
    const reminder = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('expires soon')));
    assert.ok(reminder.text.includes(holder.masked) && reminder.text.includes('(Beijing time)'));
    await remindLapsing(system.ctx);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(email).filter((m) => m.headers.subject?.includes('expires soon')).length, 1, 'once per pass');

    const off = reminder.text.match(/#\/reminders-off\/([A-Za-z0-9_.-]+)/)![1]!;
    assert.equal((await call(base, 'POST', '/api/v1/kit/links/reminders-off', { token: off })).status, 204);
    const preferences = await call(base, 'GET', '/api/v1/kit/preferences', undefined, holder.token);
    assert.deepEqual(preferences.body, { lang: 'en', reminders: false });
    // A new test, and again close to lapsing: no reminder now.
    await ingestHealth(system.ctx, [{ recordId: `lapse-${serial}-2`, document: holder.document, colour: 'green', testedAt: now - 65 * 3_600_000, recordedAt: now + 1 }]);
    await buildNextVersion(system.ctx);
    await remindLapsing(system.ctx);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(mailsTo(email).filter((m) => m.headers.subject?.includes('expires soon')).length, 1);

    const on = await call(base, 'PUT', '/api/v1/kit/preferences', { reminders: true, lang: 'zh' }, holder.token);
    assert.deepEqual(on.body, { lang: 'zh', reminders: true });
    await remindLapsing(system.ctx);
    const zh = await arrival(() => mailsTo(email).find((m) => m.headers.subject?.includes('即将过期')));
    assert.ok(zh.text.includes('北京时间'));
  });
});
