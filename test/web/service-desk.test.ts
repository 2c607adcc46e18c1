// /service in a real browser at desktop size, in both languages: a ticket's life — opened by a holder on /kit's
// API, seen in the agent's queue, read, answered in the holder's language, assigned, the card unbound at the
// holder's request after a confirmation, resolved and closed; axe-core and screenshots on every view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, signIn } from '../support/system.ts';
import { LANGS } from './browser.ts';
import { checkPage, describeOnDesktop, openDesk, t } from './desk.ts';
import { demoDocument } from '../support/fixtures.ts';

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
      await checkPage(page, `service-ticket-${lang}`);

      const answer = lang === 'zh' ? '您好,我们已收到,正在为您处理。' : 'Hello, we have your request and are on it.';
      await page.getByLabel(t(lang, 'reply'), { exact: true }).fill(answer);
      await page.getByLabel(t(lang, 'replyThenState')).selectOption('pending-holder');
      await page.getByRole('button', { name: t(lang, 'sendReply') }).click();
      await page.getByRole('status').getByText(t(lang, 'replied')).waitFor();
      await page.locator('#thread').getByText(answer).waitFor();

      await page.getByLabel(t(lang, 'assignTo')).selectOption('agent');
      await page.getByRole('button', { name: t(lang, 'assign'), exact: true }).click();
      await page.getByRole('status').getByText(t(lang, 'assigned')).waitFor();

      await page.getByRole('button', { name: t(lang, 'unbind') }).click();
      const dialog = page.getByRole('dialog', { name: t(lang, 'unbindTitle') });
      await dialog.waitFor();
      await checkPage(page, `service-unbind-dialog-${lang}`);
      await dialog.getByRole('button', { name: t(lang, 'unbind') }).click();
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
});
