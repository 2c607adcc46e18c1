// /service in a real browser at desktop size, in both languages: a ticket's life — opened by a holder on /kit's
// API, seen in the agent's queue, read, answered in the holder's language, assigned, the card unbound at the
// holder's request after a confirmation, resolved and closed; and a hotline call typed in by the agent, linked
// to a demo holder, answered and closed; axe-core and screenshots on every view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, signIn } from '../support/system.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { LANGS } from './browser.ts';
import { checkPage, describeOnDesktop, openDesk, t } from './desk.ts';
import { demoCard, demoDocument } from '../support/fixtures.ts';
import { DOCUMENT_LABELS, type DocumentType } from '../../src/domain/documents.ts';

const card = (serial: number) => `10007510${String(serial).padStart(8, '0')}`;
const masked = (serial: number) => `1000********${card(serial).slice(-4)}`;
const DOCS = { zh: demoDocument('hk-macao-permit'), en: demoDocument('passport') } as const;

describeOnDesktop('the customer service desk (/service)', (env) => {
  for (const [i, lang] of LANGS.entries()) {
    test(`a ticket's life: queue, thread, reply, assign, unbind, resolve, close (${lang})`, async () => {
      const serial = 14 + i;
      const holder = await signIn(env.sys, 'kit', DOCS[lang]);
      const upgraded = await call(env.sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: card(serial), medium: 'physical', agreementVersion: 1 }, holder);
      assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
      const subject = lang === 'zh' ? '刷卡后闸机不开' : 'The gate does not open';
      const opened = await call(env.sys.base, 'POST', '/api/v1/kit/tickets', {
        subject, body: lang === 'zh' ? '我的卡升级后刷卡失败,请帮我解除绑定。' : 'My card fails since I upgraded it; please unbind it.', bindingId: upgraded.body.card.id, lang,
      }, holder);
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const id = opened.body.ticket.id as number;

      const page = await openDesk(env, '/service', lang, 'agent');
      const row = page.locator('#queue tbody tr', { hasText: subject });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(t(lang, 'ticketState.open')));
      assert.match((await row.textContent()) ?? '', new RegExp(masked(serial).replaceAll('*', '\\*')));
      await checkPage(page, `service-queue-${lang}`);

      await row.getByRole('link', { name: `#${id}` }).click();
      await page.getByRole('heading', { level: 2, name: t(lang, 'ticketHeading', { id, subject }) }).waitFor();
      await page.getByText(t(lang, 'replyHint', { lang: t(lang, `lang.${lang}`) })).waitFor();
      await checkPage(page, `service-ticket-${lang}`, false);

      const answer = lang === 'zh' ? '您好,我们已收到,正在为您处理。' : 'Hello, we have your request and are on it.';
      await page.getByLabel(t(lang, 'reply'), { exact: true }).fill(answer);
      await page.getByLabel(t(lang, 'replyThenState')).selectOption('pending-holder');
      await page.getByRole('button', { name: t(lang, 'sendReply') }).click();
      await page.getByRole('status').getByText(t(lang, 'replied')).waitFor();
      await page.locator('#thread').getByText(answer).waitFor();

      await page.getByLabel(t(lang, 'assignTo')).selectOption('agent');
      await page.getByRole('button', { name: t(lang, 'assign'), exact: true }).click();
      await page.getByRole('status').getByText(t(lang, 'assigned')).waitFor();

      // An unbind asked for by mail or phone: a confirmation link to the holder, the card still bound.
      await page.getByRole('button', { name: t(lang, 'unbindSend') }).click();
      const dialog = page.getByRole('dialog', { name: t(lang, 'unbindTitle') });
      await dialog.waitFor();
      await checkPage(page, `service-unbind-dialog-${lang}`, false);
      await dialog.getByRole('button', { name: t(lang, 'unbindSend') }).click();
      await page.getByRole('status').getByText(t(lang, 'unbindLinkSent', { card: masked(serial) })).waitFor();
      assert.equal((await call(env.sys.base, 'GET', '/api/v1/kit/cards', undefined, holder)).body.cards.length, 1, 'bound until the holder confirms');
      // The holder's document checked in person at an outlet: unbound at once.
      await page.getByText(t(lang, 'unbindInPerson')).click();
      await page.getByLabel(t(lang, 'unbindCheckedAt')).selectOption({ index: 1 });
      await page.getByRole('button', { name: t(lang, 'unbind'), exact: true }).click();
      const now = page.getByRole('dialog', { name: t(lang, 'unbindNowTitle') });
      await now.getByRole('button', { name: t(lang, 'unbind'), exact: true }).click();
      await page.getByRole('status').getByText(t(lang, 'unbound', { card: masked(serial) })).waitFor();
      await page.getByText(t(lang, 'notUpgraded')).waitFor();
      const cards = await call(env.sys.base, 'GET', '/api/v1/kit/cards', undefined, holder);
      assert.equal(cards.body.cards.some((c: { card: string }) => c.card === masked(serial)), false);

      const resolve = t(lang, 'setState', { state: t(lang, 'ticketState.resolved') });
      await page.getByRole('button', { name: resolve }).click();
      await page.getByRole('status').getByText(t(lang, 'stateChanged', { state: t(lang, 'ticketState.resolved') })).waitFor();
      await page.getByRole('button', { name: t(lang, 'setState', { state: t(lang, 'ticketState.closed') }) }).click();
      await page.getByRole('status').getByText(t(lang, 'stateChanged', { state: t(lang, 'ticketState.closed') })).waitFor();
      assert.equal(await page.getByRole('button', { name: t(lang, 'sendReply') }).count(), 0);
      await checkPage(page, `service-closed-${lang}`);

      const seen = await call(env.sys.base, 'GET', `/api/v1/kit/tickets/${id}`, undefined, holder);
      assert.equal(seen.body.ticket.state, 'closed');
      assert.ok(seen.body.messages.some((m: { body: string }) => m.body === answer));
    });
  }
  const CALLS = {
    zh: {
      subject: '电话咨询:刷卡提示未查到健康码', said: '来电人说升级后在西单站刷卡,闸机提示未查到健康码。', phone: '010-6512 3456', email: '',
      doc: demoDocument('hk-macao-permit'), card: null, answer: '已核实您的证件并处理,请再次刷卡。',
    },
    en: {
      subject: 'Call: card not shown after upgrade', said: 'Caller upgraded her card yesterday but it does not show in the app.', phone: '+44 20 7946 0000', email: 'alice@example.org',
      doc: demoDocument('passport'), card: demoCard(2), answer: 'We have checked your card; it shows again now.',
    },
  } as const;

  for (const lang of LANGS) {
    test(`a hotline call typed in by the agent, linked to a demo holder, answered and closed (${lang})`, async () => {
      const call0 = CALLS[lang];
      const page = await openDesk(env, '/service', lang, 'agent');
      await page.getByRole('link', { name: t(lang, 'newHotline') }).click();
      await page.getByRole('heading', { level: 2, name: t(lang, 'hotlineHeading') }).waitFor();
      await page.getByLabel(t(lang, 'subject')).fill(call0.subject);
      await page.getByLabel(t(lang, 'callerSaid')).fill(call0.said);
      await page.getByRole('group', { name: t(lang, 'callerLang') }).getByLabel(t(lang, `lang.${lang}`)).check();
      await page.getByLabel(t(lang, 'callerPhone')).fill(call0.phone);
      if (call0.email) await page.getByLabel(t(lang, 'callerEmail')).fill(call0.email);
      await checkPage(page, `service-hotline-form-${lang}`);
      await page.getByRole('button', { name: t(lang, 'openTicket') }).click();

      const heading = page.getByRole('heading', { level: 2, name: new RegExp(call0.subject) });
      await heading.waitFor();
      const id = Number(/#(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
      assert.ok(id > 0);
      await page.getByRole('status').getByText(t(lang, 'hotlineOpened', { id })).waitFor();
      await page.getByText(t(lang, 'noLinkedCard')).waitFor();
      await page.locator('#thread').getByText(call0.said).waitFor();

      // Link holder with nothing typed is refused on the page; then by document (and a card in English).
      const link = page.getByRole('form', { name: t(lang, 'linkHolderHeading') });
      await link.getByRole('button', { name: t(lang, 'linkHolder'), exact: true }).click();
      await page.getByRole('alert').getByText(t(lang, 'linkNeedsRef')).waitFor();
      if (call0.card) await link.getByLabel(t(lang, 'cardNumber')).fill(call0.card);
      await link.getByLabel(t(lang, 'docType')).selectOption(call0.doc.type);
      await link.getByLabel(t(lang, 'docNumber')).fill(call0.doc.number);
      const issuer = (call0.doc as { state?: string }).state;
      if (issuer) await link.getByLabel(t(lang, 'docState')).fill(issuer);
      await link.getByRole('button', { name: t(lang, 'linkHolder'), exact: true }).click();
      await page.getByRole('status').getByText(t(lang, 'linked')).waitFor();
      await page.getByText(DOCUMENT_LABELS[call0.doc.type as DocumentType][lang], { exact: false }).first().waitFor();
      if (call0.card) await page.getByText(`1000********${call0.card.slice(-4)}`).first().waitFor();
      await checkPage(page, `service-hotline-linked-${lang}`, false);

      await page.getByLabel(t(lang, 'reply'), { exact: true }).fill(call0.answer);
      await page.getByLabel(t(lang, 'replyThenState')).selectOption('resolved');
      await page.getByRole('button', { name: t(lang, 'sendReply') }).click();
      await page.getByRole('status').getByText(t(lang, 'replied')).waitFor();
      await page.locator('#thread').getByText(call0.answer).waitFor();
      await page.getByRole('button', { name: t(lang, 'setState', { state: t(lang, 'ticketState.closed') }) }).click();
      await page.getByRole('status').getByText(t(lang, 'stateChanged', { state: t(lang, 'ticketState.closed') })).waitFor();
      assert.equal(await page.getByRole('form', { name: t(lang, 'linkHolderHeading') }).count(), 0, 'a closed ticket takes no link');
      await checkPage(page, `service-hotline-closed-${lang}`);

      const agent = await staffToken(env.sys.base, 'agent');
      const detail = await call(env.sys.base, 'GET', `/api/v1/service/tickets/${id}`, undefined, agent);
      assert.equal(detail.status, 200, JSON.stringify(detail.body));
      assert.deepEqual(
        { source: detail.body.ticket.source, lang: detail.body.ticket.lang, state: detail.body.ticket.state, assignee: detail.body.ticket.assignee?.username, docType: detail.body.holder?.docType },
        { source: 'hotline', lang, state: 'closed', assignee: 'agent', docType: call0.doc.type },
      );
      assert.deepEqual(detail.body.contact, { email: call0.email || null, phone: call0.phone });
      assert.equal(detail.body.card?.masked ?? null, call0.card ? `1000********${call0.card.slice(-4)}` : null);
      assert.deepEqual(detail.body.messages.map((m: { author: string; body: string }) => [m.author, m.body]), [['holder', call0.said], ['agent', call0.answer]]);
      const audit = (await env.sys.ctx.store.audit.of(`ticket:${id}`)).map((a) => a.action);
      for (const action of ['ticket.opened', 'ticket.linked', 'ticket.replied', 'ticket.state']) assert.ok(audit.includes(action), `${action} in ${audit.join(', ')}`);
    });
  }
});

async function staffToken(base: string, role: string): Promise<string> {
  const member = DEMO_STAFF.find((s) => s.role === role)!;
  const reply = await call(base, 'POST', '/api/v1/staff-session/login', { username: member.username, password: member.password });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.token;
}
