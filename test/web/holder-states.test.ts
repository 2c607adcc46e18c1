// The holder pages' states as issue 15 found them wanting, in a real browser at 360 px in both languages:
// errors fully visible below the sticky bar; My cards loading, empty and failed (with a retry that works);
// the seed's words; the medium taken from the card; nothing personal left after signing out or deleting the
// account; each card's live status with its reminder; ended, lost and refunded cards explained.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { quoteCardRefund, refundCard } from '../../src/services/desk/refunds.ts';
import { importCards } from '../../src/services/feeds/card-import.ts';
import { ingestHealth } from '../../src/services/feeds/health-feed.ts';
import type { Lang } from '../../src/web/shared/i18n.ts';
import { alertText, describeInBrowser, errorText, freshPassport, LANGS, open, PHONE, say, screenshot, signIn, upgrade, type BrowserEnv, type Doc } from './browser.ts';

const card = (serial: number) => `10007510${String(serial).padStart(8, '0')}`;
const masked = (serial: number) => `1000********${card(serial).slice(-4)}`;
const HOUR = 3_600_000;

/** A template's fixed text around its placeholders, as a pattern: what a line reads whatever the times. */
const shape = (lang: Lang, key: Parameters<typeof say>[1], params: Record<string, string | number> = {}) =>
  new RegExp(say(lang, key, params).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+'));

async function feedHealth(env: BrowserEnv, doc: Doc, colour: 'green' | 'red', testedAgoMs: number | null): Promise<void> {
  const now = env.sys.ctx.clock();
  const summary = await ingestHealth(env.sys.ctx, [
    { recordId: `states-${doc.number}-${now}-${colour}`, document: doc, colour, testedAt: testedAgoMs === null ? null : new Date(now - testedAgoMs).toISOString(), recordedAt: new Date(now).toISOString() },
  ]);
  assert.equal(summary.stored, 1, JSON.stringify(summary));
}

/** Goes to My cards afresh (by another screen's back arrow), which loads the cards again. */
async function showCards(page: Page, lang: Lang, { loaded = true } = {}): Promise<void> {
  await page.evaluate(() => { location.hash = '#/data'; });
  await page.getByRole('link', { name: say(lang, 'back') }).click();
  if (loaded) await page.getByRole('heading', { level: 2, name: say(lang, 'cardsHeading') }).waitFor();
}

describeInBrowser('the holder pages’ states (/kit)', (env) => {
  for (const [i, lang] of LANGS.entries()) {
    test(`shows a refusal in full below the sticky bar, announced as an alert (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await signIn(page, lang, freshPassport());
      // The card number field sits low on a phone: Upgrade now is pressed scrolled down, far from the alert.
      await upgrade(page, lang, { number: card(4) });
      assert.equal(await alertText(page), errorText(lang, 'CARD_LOST'));
      const alert = page.getByRole('alert');
      await page.waitForFunction(() => {
        const box = document.querySelector('[role=alert]')!.getBoundingClientRect();
        return box.top >= document.querySelector('header')!.getBoundingClientRect().bottom && box.bottom <= innerHeight;
      });
      const box = (await alert.boundingBox())!;
      const header = (await page.locator('header.topbar').boundingBox())!;
      assert.ok(header.height >= 48, `the bar is ${header.height} px`);
      assert.ok(box.y >= header.y + header.height, `the alert starts at ${box.y}, under the bar ending at ${header.y + header.height}`);
      assert.ok(box.y + box.height <= PHONE.height, 'the alert ends inside the viewport');
      await screenshot(page, `kit-refusal-visible-${lang}`);
    });

    test(`tells loading, empty and failed apart on My cards, and the retry loads them (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await signIn(page, lang, freshPassport());
      await page.locator('#cards-empty').getByText(say(lang, 'noCards')).waitFor();
      await screenshot(page, `kit-cards-state-empty-${lang}`);

      // Loading: the answer is held back (not changed) until the page has been seen loading.
      let release = () => {};
      const held = new Promise<void>((resolve) => { release = resolve; });
      await page.route('**/api/v1/kit/cards', async (route) => { await held; await route.continue(); });
      try {
        await showCards(page, lang, { loaded: false });
        await page.locator('main [aria-busy=true]').getByText(say(lang, 'loading')).waitFor();
        assert.equal(await page.getByText(say(lang, 'noCards')).count(), 0, 'loading is not "no cards"');
        await screenshot(page, `kit-cards-state-loading-${lang}`);
      } finally {
        release();
      }
      await page.locator('#cards-empty').waitFor();
      await page.unroute('**/api/v1/kit/cards');

      // Failed: the phone loses its connection.
      await page.context().setOffline(true);
      try {
        await showCards(page, lang);
        await page.locator('#load-failed').getByText(say(lang, 'cardsFailed')).waitFor();
        assert.equal(await alertText(page), say(lang, 'networkError'));
        assert.equal(await page.getByText(say(lang, 'noCards')).count(), 0, 'a failed load never says "no cards"');
        await screenshot(page, `kit-cards-state-failed-${lang}`);
        await page.getByRole('button', { name: say(lang, 'retry') }).click();
        await page.getByRole('alert').getByText(say(lang, 'networkError')).waitFor();
        await page.locator('#load-failed').waitFor();
        // The way elsewhere and out stays: who is signed in, the menu, sign-out.
        await page.getByRole('button', { name: say(lang, 'signOut') }).waitFor();
        // Every screen that loads tells a failure from "nothing yet": My taps too, reached from the menu.
        await page.getByRole('link', { name: say(lang, 'menuTaps') }).click();
        await page.locator('#load-failed').getByText(say(lang, 'loadFailed')).waitFor();
        assert.equal(await page.getByText(say(lang, 'noTaps')).count(), 0, 'a failed load never says "no taps"');
        await page.getByRole('link', { name: say(lang, 'back') }).click();
        await page.locator('#load-failed').getByText(say(lang, 'cardsFailed')).waitFor();
      } finally {
        await page.context().setOffline(false);
      }
      await page.getByRole('button', { name: say(lang, 'retry') }).click();
      await page.locator('#cards-empty').getByText(say(lang, 'noCards')).waitFor();
      assert.equal(await page.locator('#load-failed').count(), 0);
      assert.equal((await page.getByRole('alert').textContent())?.trim(), '', 'the error is gone once the cards load');
    });

    test(`takes the medium from the card, shows each card's live status and reminder, and explains ended, lost and refunded cards (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      const doc = freshPassport();
      await signIn(page, lang, doc);
      await page.getByRole('link', { name: lang === 'zh' ? '交通一卡通升级' : 'Transportation Card Upgrade', exact: true }).waitFor();
      await feedHealth(env, doc, 'green', HOUR / 2);

      // A phone NFC card, upgraded without being asked what it is.
      await page.getByRole('link', { name: say(lang, 'upgradeCard') }).click();
      await page.getByLabel(say(lang, 'cardNumber')).waitFor();
      assert.equal(await page.locator('input[name=medium]').count(), 0, 'the medium is not asked');
      await page.getByRole('link', { name: say(lang, 'back') }).click();
      await upgrade(page, lang, { number: card(31 + i) });
      await page.getByText(say(lang, 'doneCard', { card: masked(31 + i), medium: say(lang, 'medium.nfc') })).waitFor();
      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      const nfc = page.locator('#card-list li', { hasText: masked(31 + i) });
      await nfc.locator('.status-good').waitFor();
      const nfcText = (await nfc.textContent()) ?? '';
      assert.equal(nfcText.split(say(lang, 'medium.nfc')).length - 1, 1, `"${say(lang, 'medium.nfc')}" once: ${nfcText}`);
      assert.match(nfcText, shape(lang, 'status.passes', { hours: 71 }));
      assert.match(nfcText, new RegExp(lang === 'zh' ? '71 小时后过期' : 'test expires in 71 h'));
      assert.match(nfcText, shape(lang, 'remindAt'));
      await screenshot(page, `kit-card-passes-${lang}`);

      // A physical card refunded at an outlet stays listed, with what happened and when.
      await upgrade(page, lang, { number: card(1 + i) });
      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      await page.locator('#card-list').getByText(masked(1 + i)).waitFor();
      const clerk = (await env.sys.ctx.store.staff.find({ username: 'outlet' }))!;
      const request = { cardNumber: card(1 + i), damaged: false, chipUnreadable: false };
      const { quote } = await quoteCardRefund(env.sys.ctx, clerk, request);
      assert.equal(quote.outcome, 'REFUND');
      if (quote.outcome === 'REFUND') await refundCard(env.sys.ctx, clerk, request, { totalFen: quote.totalFen, rulesVersion: quote.rulesVersion });

      // Another physical card, then reported lost in the card master data.
      await showCards(page, lang);
      const ended = page.locator('#ended-list li', { hasText: masked(1 + i) });
      await ended.getByText(shape(lang, 'ended.refund')).waitFor();
      assert.equal(await page.locator('#card-list').getByText(masked(1 + i)).count(), 0, 'no longer among the upgraded cards');
      await upgrade(page, lang, { number: card(7 + i) });
      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      const row = (await env.sys.ctx.store.cards.findByNumber(card(7 + i)))!;
      const reported = { number: row.number, medium: row.medium, product: row.product, state: 'lost', deposit_fen: String(row.depositFen), balance_fen: String(row.balanceFen) };
      await importCards(env.sys.ctx, (async function* () { yield reported; })());
      await showCards(page, lang);
      await page.locator('#card-list li[data-status=lost]', { hasText: masked(7 + i) }).getByText(shape(lang, 'status.lost')).waitFor();
      await screenshot(page, `kit-cards-lost-refunded-${lang}`);

      // The code turns red, then green with no test on record.
      await feedHealth(env, doc, 'red', HOUR);
      await showCards(page, lang);
      await nfc.getByText(say(lang, 'status.notGreen')).waitFor();
      await screenshot(page, `kit-card-not-green-${lang}`);
      await feedHealth(env, doc, 'green', null);
      await showCards(page, lang);
      await nfc.getByText(say(lang, 'status.noTest')).waitFor();
      await screenshot(page, `kit-card-no-test-${lang}`);
    });

    test(`leaves nothing personal in the page after signing out and after deleting the account (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      const noTrace = async (doc: Doc) => {
        await page.getByRole('heading', { level: 2, name: say(lang, 'signInHeading') }).waitFor();
        assert.equal(await page.getByLabel(say(lang, 'docNumber')).inputValue(), '', 'the document number field is empty');
        assert.equal(await page.getByLabel(say(lang, 'docState')).inputValue(), '', 'the issuing state is empty');
        const stored = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
        assert.ok(!stored.includes(doc.number) && !stored.includes(doc.number.slice(-4)), `sessionStorage: ${stored}`);
        assert.ok(!(await page.locator('body').innerText()).includes(doc.number), 'the number is nowhere on the page');
      };
      const first = freshPassport();
      await signIn(page, lang, first);
      await page.getByRole('button', { name: say(lang, 'signOut') }).click();
      await noTrace(first);
      await screenshot(page, `kit-signed-out-${lang}`);

      const second = freshPassport();
      await signIn(page, lang, second);
      await page.getByRole('link', { name: say(lang, 'menuData') }).click();
      await page.getByRole('button', { name: say(lang, 'deleteButton') }).click();
      await page.getByRole('dialog').getByRole('button', { name: say(lang, 'deleteButton') }).click();
      await page.getByRole('status').getByText(lang === 'zh' ? '账户已注销。' : 'Your account is deleted.', { exact: true }).waitFor();
      await noTrace(second);
      await screenshot(page, `kit-deleted-${lang}`);
    });

    test(`makes every button, link and field at least 44 × 44 px on the holder screens (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      const small: string[] = [];
      const check = async (screen: string) => {
        await page.getByRole('heading', { level: 2 }).waitFor();
        small.push(...(await page.evaluate((where) => {
          const found: string[] = [];
          for (const element of document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, summary')) {
            // A tick box or radio is pressed through its label, which is the target a finger meets.
            const target = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio') ? (element.closest('label') ?? element) : element;
            const box = target.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;
            if (target.closest('[hidden], details:not([open]) > div')) continue;
            if (box.width < 44 || box.height < 44) found.push(`${where}: ${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || element.id).trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
          }
          return found;
        }, screen)));
      };
      await check('signin');
      await signIn(page, lang, freshPassport());
      await check('cards');
      for (const route of ['upgrade', 'data', 'notices', 'help', 'taps', 'tickets', 'contact']) {
        await page.evaluate((r) => { location.hash = `#/${r}`; }, route);
        await page.waitForFunction(() => !document.querySelector('main [aria-busy=true]'));
        await check(route);
      }
      assert.deepEqual(small, []);
      await page.evaluate(() => { location.hash = '#/cards'; });
      await screenshot(page, `kit-touch-targets-${lang}`);
    });

    test(`honours ?lang=${lang} on a first visit, whatever was remembered (${lang})`, async () => {
      const other = LANGS[1 - i]!;
      await open(env, '/kit', other);
      const { page } = env;
      await page.goto(`${env.sys.base}/app?lang=${lang}`);
      await page.getByRole('heading', { level: 2, name: say(lang, 'signInHeading') }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), lang === 'zh' ? 'zh-CN' : 'en');
      assert.equal(new URL(page.url()).search, '', 'the parameter is taken once, then remembered');
      await page.reload();
      await page.getByRole('heading', { level: 2, name: say(lang, 'signInHeading') }).waitFor();
    });

    test(`answers an unknown path with a page in both languages, and the API with its coded JSON (${lang})`, async () => {
      const { page } = env;
      const response = (await page.goto(`${env.sys.base}/kit/no-such-page?lang=${lang}`))!;
      assert.equal(response.status(), 404);
      assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
      await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      const section = page.locator(`section[lang=${lang === 'zh' ? 'zh-CN' : 'en'}]`);
      assert.equal(await section.getByRole('link').first().getAttribute('href'), '/');
      for (const link of await page.getByRole('link').all()) {
        const box = (await link.boundingBox())!;
        assert.ok(box.height >= 44 && box.width >= 44, `${await link.textContent()} is ${box.width}×${box.height}`);
      }
      await screenshot(page, `not-found-${lang}`);
      const api = await fetch(`${env.sys.base}/api/v1/no-such-route`, { headers: { accept: 'text/html' } });
      assert.equal(api.status, 404);
      assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    });
  }
});
