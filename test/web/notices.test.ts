// What a holder does with their notices, in Chromium at phone size and in both languages: choose the language
// and turn reminders off on their page, confirm an agent's unbind from the link in the notice (no sign-in: the
// link is the proof), and stop reminders from a reminder's link.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentUnbind } from '../../src/services/desk/assisted-unbind.ts';
import { signLink } from '../../src/services/holder/links.ts';
import { waitFor } from '../support/fixtures.ts';
import { call, signIn as signInByApi } from '../support/system.ts';
import { describeInBrowser, freshPassport, LANGS, open, say, screenshot, signIn } from './browser.ts';

// Active physical demo cards no other browser test upgrades (src/services/demo/seed.ts).
const CARDS = { zh: '1000751000000025', en: '1000751000000026' } as const;

describeInBrowser('notices on the holder page (/kit)', (env) => {
  for (const lang of LANGS) {
    test(`reminders off and the language of notices on the page, then back on (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await signIn(page, lang, freshPassport());
      await page.getByRole('link', { name: say(lang, 'menuNotices') }).click();
      await page.getByText(say(lang, 'remindersOn')).waitFor();
      await page.getByRole('button', { name: say(lang, 'remindersTurnOff') }).click();
      await page.getByText(say(lang, 'remindersOff')).waitFor();
      const english = page.getByRole('group', { name: say(lang, 'noticesLang') }).getByRole('button', { name: 'English' });
      await english.click();
      await page.getByRole('status').getByText(say(lang, 'noticesSaved')).waitFor();
      assert.equal(await english.getAttribute('aria-pressed'), 'true');
      await screenshot(page, `kit-notices-off-${lang}`);
      await page.getByRole('button', { name: say(lang, 'remindersTurnOn') }).click();
      await page.getByText(say(lang, 'remindersOn')).waitFor();
    });

    test(`a holder confirms an agent's unbind from the link, and stops reminders from theirs (${lang})`, async () => {
      const { ctx, outbox, base } = env.sys;
      const document = freshPassport();
      const token = await signInByApi(env.sys, 'kit', document);
      const upgraded = await call(base, 'POST', '/api/v1/kit/cards', { cardNumber: CARDS[lang], medium: 'physical', agreementVersion: 1 }, token);
      assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
      const ticket = await call(base, 'POST', '/api/v1/kit/tickets', { subject: 'unbind', body: 'please', bindingId: upgraded.body.card.id, lang }, token);
      const agent = (await ctx.store.staff.find({ username: 'agent' }))!;
      await agentUnbind(ctx, agent, ticket.body.ticket.id, { bindingId: upgraded.body.card.id });
      // The outbox worker sends it within a second; this card's, as the other language's test sends one too.
      const mail = () => outbox.recentMails().find((m) => m.text.includes('#/unbind/') && m.text.includes(upgraded.body.card.card));
      await waitFor(() => mail() !== undefined);
      const link = mail()!.text.match(/\/kit#\/unbind\/[A-Za-z0-9_.-]+/)![0];

      const page = await open(env, '/kit', lang);
      await page.goto(`${base}${link}`);
      await page.getByText(say(lang, 'linkUnbindText')).waitFor();
      await screenshot(page, `kit-link-unbind-${lang}`);
      await page.getByRole('button', { name: say(lang, 'linkUnbindButton') }).click();
      await page.getByRole('status').getByText(say(lang, 'linkUnbound', { card: upgraded.body.card.card })).waitFor();
      assert.equal((await call(base, 'GET', '/api/v1/kit/cards', undefined, token)).body.cards.length, 0);

      // A reminder's link, as the reminder scan makes it for this person.
      const person = (await ctx.store.tickets.get(ticket.body.ticket.id))!.personId!;
      await page.goto(`${base}/kit#/reminders-off/${signLink(ctx, { do: 'reminders-off', person })}`);
      await page.getByRole('button', { name: say(lang, 'linkRemindersButton') }).click();
      await page.getByRole('status').getByText(say(lang, 'linkRemindersOff')).waitFor();
      assert.deepEqual((await call(base, 'GET', '/api/v1/kit/preferences', undefined, token)).body.reminders, false);
    });
  }
});
