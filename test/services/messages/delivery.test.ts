// Real delivery against real servers started here: codes and agent replies arrive over SMTP in the holder's
// language with threading headers, and codes to phones reach an HTTP SMS gateway as one signed JSON request.
// The system is the ordinary test one, its notifier swapped for the one a deployment configures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_STAFF } from '../../../src/services/demo/seed.ts';
import { inboundMailSecret } from '../../../src/services/desk/ticket-mail.ts';
import { deliveryNotifier } from '../../../src/services/messages/delivery.ts';
import type { Log } from '../../../src/services/ports.ts';
import { assertCoded, waitFor } from '../../support/fixtures.ts';
import { startSmsReceiver, startSmtpSink, type SmsReceiver, type SmtpSink } from '../../support/mail-servers.ts';
import { call, startSystem, type TestSystem } from '../../support/system.ts';

describe('delivery over SMTP and the SMS gateway', () => {
  let sys: TestSystem;
  let smtp: SmtpSink;
  let sms: SmsReceiver;
  const logged: string[] = [];
  const log: Log = { info: (o, m) => logged.push(JSON.stringify([o, m])), warn: (o, m) => logged.push(JSON.stringify([o, m])), error: (o, m) => logged.push(JSON.stringify([o, m])) };
  let serial = 0;
  const passport = () => ({ type: 'passport', number: `D${String(++serial).padStart(7, '0')}`, state: 'CAN' });

  before(async () => {
    [sys, smtp, sms] = await Promise.all([startSystem(), startSmtpSink(), startSmsReceiver()]);
    sys.ctx.notifier = deliveryNotifier({ mail: { url: smtp.url, from: '96066@bmac.com.cn' }, sms: { url: sms.url, key: sms.key }, sendTimeoutMs: 5_000 })!;
    sys.ctx.log = log;
  });
  after(async () => {
    await sys.stop();
    await Promise.all([smtp.close(), sms.close()]);
  });

  const codeIn = (text: string): string => /\b(\d{6})\b/.exec(text)![1]!;

  for (const lang of ['zh', 'en'] as const) {
    test(`a first sign-in with an e-mail gets its code by mail in ${lang}, from the service mailbox, to that address only`, async () => {
      const document = passport();
      const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, email: `Visitor.${lang}@Example.COM`, lang });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.deepEqual([sent.body.sentTo, sent.body.via, sent.body.contactOnFile], ['V***@example.com', 'email', false]);
      const mail = smtp.received.at(-1)!;
      assert.deepEqual(mail.envelope, { from: '96066@bmac.com.cn', to: [`Visitor.${lang}@example.com`] });
      assert.equal(mail.headers.from, '96066@bmac.com.cn');
      assert.equal(mail.headers.to, `Visitor.${lang}@example.com`);
      assert.equal(mail.headers['content-language'], lang === 'zh' ? 'zh-CN' : 'en');
      assert.match(mail.headers.subject!, lang === 'zh' ? /验证码/ : /sign-in code/);
      assert.match(mail.text, lang === 'zh' ? /分钟内有效/ : /Valid for 5 minutes/);
      assert.ok(!mail.text.includes(document.number) && !JSON.stringify(mail.headers).includes(document.number), 'the mail carries no document number');
      const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: codeIn(mail.text) });
      assert.equal(session.status, 200, JSON.stringify(session.body));
      assert.equal(session.body.person.contactMasked, 'V***@example.com');
    });
  }

  test('a first sign-in with a Hong Kong mobile gets one signed JSON request at the gateway; the next sign-in goes there too', async () => {
    const document = passport();
    const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, phone: '+852 9123 1234', lang: 'en' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.sentTo, '+852 ****1234');
    const request = sms.received.at(-1)!;
    assert.deepEqual(Object.keys(request).sort(), ['lang', 'messageId', 'text', 'to']);
    assert.deepEqual([request.to, request.lang], ['+85291231234', 'en']);
    assert.match(request.text, /^\[Beijing Yikatong\] Sign-in code \d{6}, valid 5 min/);
    assert.equal(sms.refused, 0);
    const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: codeIn(request.text) });
    assert.equal(session.status, 200);

    const again = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, email: 'someone.else@example.com' });
    assert.deepEqual([again.body.sentTo, again.body.via, again.body.contactOnFile], ['+852 ****1234', 'phone', true]);
    assert.equal(sms.received.at(-1)!.to, '+85291231234');
    assert.match(sms.received.at(-1)!.text, /^【北京一卡通】登录验证码 \d{6}/);
  });

  test('a gateway that refuses the message: the code is still promised, honestly queued, and arrives at the next try; the log names neither the number nor the code', async () => {
    sms.status = 503;
    let sent;
    try {
      sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...passport(), phone: '+86 138 0013 8000' });
    } finally {
      sms.status = 200;
    }
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual([sent.body.sentTo, sent.body.delivery], ['+86 ****8000', 'queued']);
    assert.ok(logged.some((line) => line.includes('SMS_GATEWAY_503')));
    sys.advance(10_000);
    await waitFor(() => sms.received.some((r) => r.to === '+8613800138000'));
    const received = sms.received.filter((r) => r.to === '+8613800138000');
    assert.equal(received.length, 1);
    assert.match(received[0]!.messageId, new RegExp(`^code-${sent.body.challengeId}-sign-in@ykt$`));
    const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: codeIn(received[0]!.text) });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.ok(!logged.some((line) => line.includes('13800138000') || line.includes(codeIn(received[0]!.text))));
  });

  test('without a gateway a code to a phone is refused before anything is stored, and without SMTP one to an e-mail', async () => {
    const notifier = sys.ctx.notifier;
    sys.ctx.notifier = deliveryNotifier({ mail: { url: smtp.url, from: '96066@bmac.com.cn' }, sms: undefined, sendTimeoutMs: 5_000 })!;
    try {
      const before = (await sys.ctx.store.dump()).login_code!.length;
      assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...passport(), phone: '+852 9123 1234' }), 'CONTACT_SMS_UNAVAILABLE');
      assert.equal((await sys.ctx.store.dump()).login_code!.length, before);
      assert.equal((await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...passport(), email: 'mail.only@example.com' })).status, 200);
      sys.ctx.notifier = deliveryNotifier({ mail: undefined, sms: { url: sms.url, key: sms.key }, sendTimeoutMs: 5_000 })!;
      assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...passport(), email: 'no.smtp@example.com' }), 'CONTACT_EMAIL_UNAVAILABLE');
    } finally {
      sys.ctx.notifier = notifier;
    }
  });

  test('an agent reply reaches the holder by SMTP, threaded under their mail, in their language, with no one else’s data', async () => {
    const member = DEMO_STAFF.find((s) => s.role === 'agent')!;
    const agent = (await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password })).body.token;
    const inbound = async (from: string, messageId: string, subject: string, text: string) => {
      const response = await fetch(`${sys.base}/api/v1/service/inbound-mail`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ykt-mail-secret': inboundMailSecret(sys.ctx) },
        body: JSON.stringify({ from, to: '96066@bmac.com.cn', subject, text, messageId }),
      });
      return (await response.json()).ticketId as number;
    };
    await inbound('bystander@example.org', '<other@example.org>', 'Another question', 'Another person, another card 1000751000000009.');
    const id = await inbound('Chan <chan@example.net>', '<q-1@example.net>', '卡片无法升级', '我的卡升级失败,请帮忙。');
    const replied = await call(sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: '您好,请重新尝试升级。' }, agent);
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    const mail = smtp.received.at(-1)!;
    assert.deepEqual(mail.envelope.to, ['chan@example.net']);
    assert.equal(mail.headers['in-reply-to'], '<q-1@example.net>');
    assert.equal(mail.headers.references, '<q-1@example.net>');
    const stored = (await sys.ctx.store.tickets.messages(id)).find((m) => m.author === 'agent')!;
    assert.equal(mail.headers['message-id'], stored.mailMessageId);
    assert.match(mail.headers.subject!, new RegExp(`\\[#${id}\\]`));
    assert.equal(mail.headers['content-language'], 'zh-CN');
    assert.match(mail.text, /请重新尝试升级/);
    assert.match(mail.text, /北京一卡通客服/);
    const whole = JSON.stringify(mail);
    for (const other of ['bystander', '1000751000000009', 'Another person']) assert.ok(!whole.includes(other), `the reply carries no one else's data (${other})`);
  });
});
