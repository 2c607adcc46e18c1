// /service beside the holder, in a real browser, in both languages: the agent (1280 px) sees the holder's cards
// and recent taps (masked) before any card is linked to the ticket; a holder (360 px, /kit) who deletes their
// account leaves a ticket closed with a note, not waiting on them; axe-core and screenshots on every view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { cardKeysOf } from '../../src/services/feeds/taps.ts';
import { ERASED_NOTE } from '../../src/services/desk/tickets.ts';
import { describeDecision } from '../../src/domain/decisions.ts';
import { call, signIn as apiSignIn } from '../support/system.ts';
import { demoCard } from '../support/fixtures.ts';
import { freshPassport, LANGS, PHONE, say, signIn, type BrowserEnv } from './browser.ts';
import { checkPage, describeOnDesktop, openDesk, t } from './desk.ts';
import type { Lang } from '../../src/web/shared/i18n.ts';

const masked = (number: string) => `1000********${number.slice(-4)}`;

/** A phone-sized page for the holder, in the same browser as the agent's desk. */
async function holderPage(env: BrowserEnv, contexts: BrowserContext[], lang: Lang): Promise<Page> {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${env.sys.base}/kit`);
  await page.evaluate((l) => localStorage.setItem('ykt.lang', l), lang);
  await page.goto(`${env.sys.base}/kit`);
  await page.waitForSelector('h1');
  return page;
}

describeOnDesktop('the service desk beside the holder', (env) => {
  const contexts: BrowserContext[] = [];
  test.afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  for (const [i, lang] of LANGS.entries()) {
    test(`shows the holder's cards and recent taps, masked, before any card is linked (${lang})`, async () => {
      const doc = freshPassport();
      const number = demoCard(13 + i);
      const holder = await apiSignIn(env.sys, 'kit', doc);
      const upgraded = await call(env.sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: number, medium: 'physical', agreementVersion: 1 }, holder);
      assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
      const now = env.sys.ctx.clock();
      await env.sys.ctx.store.taps.insert([
        { tapId: `desk-${lang}-1`, terminalId: 'T-DESK', cardKey: cardKeysOf(env.sys.ctx, number)[0]!, decision: 'TEST_EXPIRED', at: now, online: false, assisted: false, listVersion: null, receivedAt: now },
      ]);
      const subject = lang === 'zh' ? '闸机不让我进站' : 'The gate will not let me in';
      const opened = await call(env.sys.base, 'POST', '/api/v1/kit/tickets', { subject, body: subject, lang }, holder);
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      assert.equal(opened.body.ticket.card, null, 'no card linked to the ticket');

      const page = await openDesk(env, '/service', lang, 'agent');
      await page.goto(`${env.sys.base}/service#/ticket/${opened.body.ticket.id}`);
      await page.getByRole('heading', { level: 3, name: t(lang, 'holderCards') }).waitFor();
      await page.locator('#holder-cards').getByText(masked(number), { exact: false }).waitFor();
      const row = page.locator('#holder-taps tbody tr[data-decision="TEST_EXPIRED"]');
      await row.getByText(describeDecision('TEST_EXPIRED')[lang], { exact: false }).waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(masked(number).replaceAll('*', '\\*')));
      const text = (await page.locator('main').textContent()) ?? '';
      for (const secret of [number, doc.number]) assert.ok(!text.includes(secret), `${secret} shown to the agent`);
      await checkPage(page, `service-holder-cards-${lang}`, false);
    });
  }

  for (const lang of LANGS) {
    test(`a ticket whose holder deletes their account is closed with a note (${lang})`, async () => {
      const phone = await holderPage(env, contexts, lang);
      await signIn(phone, lang, freshPassport());
      await phone.goto(`${env.sys.base}/kit#/tickets`);
      const subject = lang === 'zh' ? '我的卡刷不了' : 'My card does not work';
      await phone.getByLabel(say(lang, 'ticketSubject')).fill(subject);
      await phone.getByLabel(say(lang, 'ticketBody')).fill(subject);
      await phone.getByRole('button', { name: say(lang, 'ticketSubmit') }).click();
      await phone.locator('#ticket-messages').getByText(subject).waitFor();
      const agent = await openDesk(env, '/service', lang, 'agent');
      const row = agent.locator('#queue tbody tr', { hasText: subject });
      const id = Number(/#(\d+)/.exec((await row.locator('a').first().textContent()) ?? '')?.[1]);
      assert.ok(id > 0);

      await phone.goto(`${env.sys.base}/kit#/data`);
      await phone.getByRole('button', { name: say(lang, 'deleteButton') }).click();
      await phone.getByRole('dialog').getByRole('button', { name: say(lang, 'deleteButton') }).click();
      await phone.getByRole('button', { name: say(lang, 'sendCode') }).waitFor();

      await agent.goto(`${env.sys.base}/service#/ticket/${id}`);
      await agent.getByRole('heading', { level: 2, name: t(lang, 'ticketHeading', { id, subject: t(lang, 'subjectErased') }) }).waitFor();
      await agent.locator('#thread').getByText(ERASED_NOTE[lang]).waitFor();
      assert.equal(await agent.locator('.badge').first().textContent(), t(lang, 'ticketState.closed'));
      assert.equal(await agent.getByRole('button', { name: t(lang, 'sendReply') }).count(), 0, 'nobody to reply to');
      assert.ok(!((await agent.locator('main').textContent()) ?? '').includes(subject), 'the subject is erased');
      await checkPage(agent, `service-holder-erased-${lang}`);
    });
  }
});
