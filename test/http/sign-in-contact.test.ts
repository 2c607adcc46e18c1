// The contact a code goes to, over real HTTP with the demo outbox: asked at the first sign-in, proven by the
// code, stored sealed and shown masked; used by every later sign-in whatever the request says; changed only
// with a code to the old contact and one to the new.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requestCode, verifyCode } from '../../src/services/holder/sign-in.ts';
import { OutboxNotifier } from '../../src/services/messages/outbox-notifier.ts';
import { assertCoded } from '../support/fixtures.ts';
import { call, startSystem, type TestSystem } from '../support/system.ts';

describe('the contact sign-in codes go to', () => {
  let sys: TestSystem;
  let serial = 0;
  const passport = () => ({ type: 'passport', number: `C${String(++serial).padStart(7, '0')}`, state: 'AUS' });
  const codeFor = (challengeId: string, to?: string) => sys.outbox.recent().find((m) => m.challengeId === challengeId && (!to || m.to === to))!.code;

  async function firstSignIn(document: object, contact: object) {
    const sent = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, ...contact });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: sent.body.challengeId, code: codeFor(sent.body.challengeId) });
    assert.equal(session.status, 200, JSON.stringify(session.body));
    return { sent: sent.body, session: session.body };
  }

  before(async () => {
    sys = await startSystem();
  });
  after(() => sys.stop());

  test('a first sign-in without a contact, or with a bad one, is refused coded and stores nothing', async () => {
    const before = await sys.ctx.store.dump();
    const document = passport();
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login/code', document), 'CONTACT_REQUIRED');
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, phone: '+852 2123 4567' }), 'CONTACT_PHONE_INVALID');
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, email: 'chan@example' }), 'CONTACT_EMAIL_INVALID');
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, phone: '+852 9123 4567', email: 'chan@example.com' }), 'CONTACT_ONE_ONLY');
    assert.deepEqual((await sys.ctx.store.dump()).login_code, before.login_code);
  });

  test('the code goes to the contact given, which is stored sealed with the person and shown masked', async () => {
    const { sent, session } = await firstSignIn(passport(), { phone: '+852 9123 1234' });
    assert.deepEqual([sent.sentTo, sent.via, sent.contactOnFile], ['+852 ****1234', 'phone', false]);
    assert.equal(session.person.contactMasked, '+852 ****1234');
    assert.deepEqual(sys.outbox.recent()[0]!.to, '+852 ****1234', 'the demo outbox keeps the masked contact');
    const dump = JSON.stringify(await sys.ctx.store.dump());
    assert.ok(!dump.includes('91231234'), 'the number is stored sealed only');
    assert.ok(dump.includes('+852 ****1234'));
  });

  test('a later sign-in sends the code to the contact on file, not to one the request gives', async () => {
    const document = passport();
    await firstSignIn(document, { email: 'first@example.com' });
    const again = await call(sys.base, 'POST', '/api/v1/kit/login/code', { ...document, email: 'attacker@example.net' });
    assert.deepEqual([again.body.sentTo, again.body.contactOnFile], ['f***@example.com', true]);
    const bare = await call(sys.base, 'POST', '/api/v1/kit/login/code', document);
    assert.deepEqual([bare.status, bare.body.sentTo], [200, 'f***@example.com']);
    const session = await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: bare.body.challengeId, code: codeFor(bare.body.challengeId) });
    assert.equal(session.body.person.contactMasked, 'f***@example.com');
  });

  test('of two first sign-ins racing to different contacts, the code of the one that lost signs nobody in', async () => {
    const document = passport();
    const a = await requestCode(sys.ctx, 'kit', { ...document, email: 'a@example.com' });
    const codeA = codeFor(a.challengeId);
    const b = await requestCode(sys.ctx, 'kit', { ...document, email: 'b@example.com' });
    const codeB = codeFor(b.challengeId);
    await verifyCode(sys.ctx, 'kit', b.challengeId, codeB);
    await assert.rejects(verifyCode(sys.ctx, 'kit', a.challengeId, codeA), { code: 'CODE_EXPIRED' });
  });

  test('changing the contact needs the code sent to the old contact and the one sent to the new', async () => {
    const document = passport();
    const { session } = await firstSignIn(document, { phone: '+852 9123 5678' });
    const token = session.token;
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/contact/code', { phone: '+852 9123 5678' }, token), 'CONTACT_UNCHANGED');
    const asked = await call(sys.base, 'POST', '/api/v1/kit/contact/code', { email: 'new.mail@example.com', lang: 'en' }, token);
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.deepEqual([asked.body.sentTo, asked.body.oldSentTo], ['n***@example.com', '+852 ****5678']);
    const oldCode = codeFor(asked.body.challengeId, '+852 ****5678');
    const newCode = codeFor(asked.body.challengeId, 'n***@example.com');
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/contact', { challengeId: asked.body.challengeId, code: newCode }, token), 'CODE_WRONG');
    assertCoded(await call(sys.base, 'POST', '/api/v1/kit/login', { challengeId: asked.body.challengeId, code: newCode }), 'CODE_EXPIRED');
    const changed = await call(sys.base, 'POST', '/api/v1/kit/contact', { challengeId: asked.body.challengeId, code: newCode, oldCode }, token);
    assert.deepEqual(changed, { status: 200, body: { contactMasked: 'n***@example.com' } });
    const next = await call(sys.base, 'POST', '/api/v1/kit/login/code', document);
    assert.equal(next.body.sentTo, 'n***@example.com');
    const audit = (await sys.ctx.store.dump()).audit_log as Array<{ action: string; data: string }>;
    assert.ok(audit.some((e) => e.action === 'contact.changed' && !e.data.includes('new.mail')));
  });

  test('the demo outbox logs the challenge and the masked contact, never the code', async () => {
    const lines: string[] = [];
    const outbox = new OutboxNotifier({ info: (o, m) => lines.push(JSON.stringify([o, m])), warn: () => undefined, error: () => undefined });
    await outbox.send({
      to: { kind: 'email', value: 'chan@example.com' }, lang: 'en', subject: 'Code', text: 'Code: 424242', messageId: '<code-c-1-sign-in@ykt>', automatic: true,
      code: { challengeId: 'c-1', value: '424242', channel: 'kit', expiresAt: 1 },
    });
    assert.ok(lines.length === 1 && lines[0]!.includes('c***@example.com'));
    assert.ok(!lines[0]!.includes('424242') && !lines[0]!.includes('chan@'));
    assert.equal(outbox.recent()[0]!.code, '424242');
  });
});
