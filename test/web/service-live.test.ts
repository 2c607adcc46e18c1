// The live conversation (在线客服) in a real browser, in both languages: the holder's help thread on /kit
// (360 px) and the agent's ticket on /service (1280 px), two pages in one Chromium. Each side sees the other
// typing and the other's messages arrive without a reload, the holder sees the agent's name, the agent sees
// whether the holder is there; once the holder has left, a reply goes out by notice as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { waitFor } from '../support/fixtures.ts';
import { freshPassport, LANGS, PHONE, say, signIn, type BrowserEnv } from './browser.ts';
import { checkPage, describeOnDesktop, openDesk, t } from './desk.ts';
import type { Lang } from '../../src/web/shared/i18n.ts';

const AGENT = DEMO_STAFF.find((s) => s.role === 'agent')!.displayName;

const TEXT = {
  zh: { subject: '刷卡后闸机不开', body: '在东直门站刷卡,闸机不开。', answer: '您好,请问是哪张卡?', more: '尾号0013的实体卡。', later: '已为您处理,请再试一次。' },
  en: { subject: 'The gate does not open', body: 'At Dongzhimen the gate stays shut.', answer: 'Hello, which card is it?', more: 'The physical card ending 0013.', later: 'Fixed: please try again.' },
} as const;

/** How many notices of an agent's reply on this ticket are queued for the holder. */
async function replyNotices(env: BrowserEnv, id: number): Promise<number> {
  const rows = (await env.sys.ctx.store.dump()).outbox as Array<{ dedupe_key: string }>;
  return rows.filter((r) => r.dedupe_key.includes(`ticket-replied:${id}:`)).length;
}

async function holderOpensTicket(env: BrowserEnv, lang: Lang): Promise<{ phone: Page; id: number }> {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await phone.goto(`${env.sys.base}/kit`);
  await phone.evaluate((l) => localStorage.setItem('ykt.lang', l), lang);
  await phone.goto(`${env.sys.base}/kit`);
  await phone.waitForSelector('h1');
  await signIn(phone, lang, freshPassport());
  await phone.goto(`${env.sys.base}/kit#/tickets`);
  await phone.getByLabel(say(lang, 'ticketSubject')).fill(TEXT[lang].subject);
  await phone.getByLabel(say(lang, 'ticketBody')).fill(TEXT[lang].body);
  await phone.getByRole('button', { name: say(lang, 'ticketSubmit') }).click();
  await phone.locator('#ticket-messages').getByText(TEXT[lang].body).waitFor();
  const heading = (await phone.locator('h3', { hasText: TEXT[lang].subject }).textContent()) ?? '';
  return { phone, id: Number(/(\d+)/.exec(heading)?.[1]) };
}

describeOnDesktop('the live conversation between holder and agent', (env) => {
  for (const lang of LANGS) {
    test(`both sides see typing and messages as they happen, and a reply goes by notice once the holder has left (${lang})`, async () => {
      const text = TEXT[lang];
      const { phone, id } = await holderOpensTicket(env, lang);
      assert.ok(id > 0);
      await phone.getByText(say(lang, 'liveOn')).waitFor();

      const agent = await openDesk(env, '/service', lang, 'agent');
      await agent.goto(`${env.sys.base}/service#/ticket/${id}`);
      await agent.locator('#holder-presence').getByText(t(lang, 'holderOnline')).waitFor();

      // The agent types: the holder sees who; the agent answers: it shows on the holder's page, no reload.
      await agent.getByLabel(t(lang, 'reply'), { exact: true }).pressSequentially(text.answer.slice(0, 4));
      await phone.locator('#typing').getByText(say(lang, 'agentTyping', { name: AGENT })).waitFor();
      await checkPage(phone, `kit-ticket-live-typing-${lang}`, false);
      await agent.getByLabel(t(lang, 'reply'), { exact: true }).fill(text.answer);
      await agent.getByRole('button', { name: t(lang, 'sendReply') }).click();
      const answer = phone.locator('#ticket-messages li', { hasText: text.answer });
      await answer.waitFor();
      assert.match((await answer.textContent()) ?? '', new RegExp(AGENT));
      await phone.getByRole('status').getByText(say(lang, 'newAgentMessage')).waitFor();
      assert.equal(await replyNotices(env, id), 0, 'a holder reading live gets no notice');
      await checkPage(phone, `kit-ticket-live-answer-${lang}`, false);

      // The holder types and writes back: the agent sees both, no reload.
      await phone.getByLabel(say(lang, 'ticketReply')).pressSequentially(text.more.slice(0, 4));
      await agent.locator('#typing').getByText(t(lang, 'holderTyping')).waitFor();
      await checkPage(agent, `service-ticket-live-typing-${lang}`, false);
      await phone.getByLabel(say(lang, 'ticketReply')).fill(text.more);
      await phone.getByRole('button', { name: say(lang, 'ticketReplySend') }).click();
      await agent.locator('#thread').getByText(text.more).waitFor();
      await agent.getByRole('status').getByText(t(lang, 'newHolderMessage')).waitFor();
      await checkPage(agent, `service-ticket-live-message-${lang}`, false);

      // The holder closes the page: the desk sees it, and the next reply goes out by notice as before.
      await phone.context().close();
      await agent.locator('#holder-presence').getByText(t(lang, 'holderOffline')).waitFor();
      await agent.getByLabel(t(lang, 'reply'), { exact: true }).fill(text.later);
      await agent.getByRole('button', { name: t(lang, 'sendReply') }).click();
      await agent.locator('#thread').getByText(text.later).waitFor();
      await waitFor(async () => (await replyNotices(env, id)) === 1);
      await checkPage(agent, `service-ticket-holder-left-${lang}`, false);
    });
  }
});
