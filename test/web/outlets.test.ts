// The outlet finder (/outlets) and the landing page in a real browser at phone size, in both languages: the
// landing page leads to the finder, which names the seed's two other ways; search, district and service
// filters live in the address (reload, a shared link and Back keep them); "near me" sorts by distance with the
// browser's position, and says so when there is none; each outlet is open or closed now in Beijing time;
// every touch target is at least 44 × 44 px; axe-core finds nothing serious, nor a stray space in Chinese;
// screenshots of each state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { messages as landingMessages } from '../../src/web/landing/messages.ts';
import { messages as outletMessages, type OutletMessageKey } from '../../src/web/outlets/messages.ts';
import { fill, type Lang } from '../../src/web/shared/i18n.ts';
import { seriousViolations, smallTargets } from './axe.ts';
import { describeInBrowser, LANGS, open, PHONE, screenshot, type BrowserEnv } from './browser.ts';
import { STRAY_SPACE } from './zh-spacing.ts';

const say = (lang: Lang, key: OutletMessageKey, params?: Record<string, string | number>) => fill(outletMessages[lang][key], params);
const ids = (page: Page) => page.locator('#outlet-list li').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')));
// By Xizhimen station's outlet, in the demo data.
const XIZHIMEN = { latitude: 39.9406, longitude: 116.3556 };

/** Screenshot, then the checks every state of these pages must pass. */
async function looksRight(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => undefined);
  await screenshot(page, name);
  assert.deepEqual(await seriousViolations(page), [], name);
  assert.deepEqual(await smallTargets(page), [], `${name}: touch targets under 44 × 44 px`);
  // What the page says in Chinese, outlet data included, has no stray space between Chinese characters.
  if (name.endsWith('-zh')) assert.doesNotMatch(await page.locator('body').innerText(), STRAY_SPACE, name);
}

/** A page in its own browser context (own storage, position, permissions, clock), in a language. */
async function pageWith(env: BrowserEnv, lang: Lang, options: BrowserContextOptions, path = '/outlets'): Promise<Page> {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, ...options });
  await context.addInitScript((l) => localStorage.setItem('ykt.lang', l), lang);
  const page = await context.newPage();
  await page.goto(env.sys.base + path);
  return page;
}

describeInBrowser('the outlet finder and the landing page', (env) => {
  for (const lang of LANGS) {
    test(`the landing page leads to the outlet finder, which names the two other ways to find one (${lang})`, async () => {
      const page = await open(env, '/', lang);
      await looksRight(page, `landing-${lang}`);
      await page.getByRole('link', { name: new RegExp(landingMessages[lang].outletsTitle) }).click();
      await page.waitForURL('**/outlets');
      await page.locator('#outlet-list li').first().waitFor();
      const ways = page.locator('.other-ways');
      const text = (await ways.textContent()) ?? '';
      // The seed's words: WeChat 北京市政交通一卡通 → 我的卡通 → 网点查询; website 用户服务 → 服务网点.
      for (const words of lang === 'zh' ? ['北京市政交通一卡通', '我的卡通→网点查询', '用户服务→服务网点'] : ['WeChat', '北京市政交通一卡通', '我的卡通 → 网点查询', '用户服务 → 服务网点', 'User service → Service outlets']) {
        assert.ok(text.includes(words), `${words} in ${text}`);
      }
      await looksRight(page, `outlets-${lang}`);
      // For the gallery: what an unknown address shows (the holder pages' issue makes it a bilingual page).
      await page.goto(`${env.sys.base}/no-such-page?lang=${lang}`);
      await screenshot(page, `not-found-${lang}`);
    });

    test(`keeps search, district and service in the address through a reload, a shared link and Back (${lang})`, async () => {
      const page = await open(env, '/outlets', lang);
      await page.locator('#outlet-list li').first().waitFor();
      const total = await page.locator('#outlet-list li').count();
      assert.ok(total >= 18, `${total} outlets`);
      await page.getByLabel(say(lang, 'search')).fill(lang === 'zh' ? '西直门' : 'xizhimen');
      // The station's own centre comes first; the zoo outlet on Xizhimenwai Street matches too.
      await page.locator('#outlet-count').getByText(say(lang, 'results', { count: 2 }), { exact: true }).waitFor();
      assert.deepEqual(await ids(page), ['BJ-XZM', 'BJ-DWY']);
      await page.getByLabel(say(lang, 'district')).selectOption('haidian');
      await page.locator('#outlet-count').getByText(say(lang, 'results', { count: 1 }), { exact: true }).waitFor();
      assert.deepEqual(await ids(page), ['BJ-DWY']);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('q'), lang === 'zh' ? '西直门' : 'xizhimen');
      assert.equal(url.searchParams.get('district'), 'haidian');
      await screenshot(page, `outlets-filtered-${lang}`);

      await page.reload();
      await page.locator('#outlet-count').getByText(say(lang, 'results', { count: 1 }), { exact: true }).waitFor();
      assert.equal(await page.getByLabel(say(lang, 'search')).inputValue(), lang === 'zh' ? '西直门' : 'xizhimen');
      assert.equal(await page.getByLabel(say(lang, 'district')).inputValue(), 'haidian');

      const shared = await pageWith(env, lang, {}, `/outlets?district=fengtai&service=refund-large`);
      await shared.locator('#outlet-list li').first().waitFor();
      assert.deepEqual((await ids(shared)).sort(), ['BJ-BJN', 'BJ-BJX']);
      assert.equal(await shared.getByLabel(say(lang, 'district')).inputValue(), 'fengtai');
      assert.equal(await shared.getByLabel(say(lang, 'service')).inputValue(), 'refund-large');
      await shared.context().close();

      await page.getByRole('link', { name: say(lang, 'backHome') }).click();
      await page.waitForURL(/\/$/);
      await page.goBack();
      await page.locator('#outlet-count').getByText(say(lang, 'results', { count: 1 }), { exact: true }).waitFor();
      assert.equal(await page.getByLabel(say(lang, 'search')).inputValue(), lang === 'zh' ? '西直门' : 'xizhimen');
      await page.getByLabel(say(lang, 'search')).fill('nowhere at all');
      await page.locator('#outlet-count').getByText(say(lang, 'noResults')).waitFor();
      await screenshot(page, `outlets-none-${lang}`);
      // Leaves the shared page as it found it for the next test.
      await page.goto(`${env.sys.base}/outlets`);
    });

    test(`sorts by distance from the browser's position, and says so when it has none (${lang})`, async () => {
      const page = await pageWith(env, lang, { geolocation: XIZHIMEN, permissions: ['geolocation'] });
      await page.locator('#outlet-list li').first().waitFor();
      const before = await ids(page);
      const near = page.getByRole('button', { name: say(lang, 'near') });
      await near.click();
      await page.getByRole('status').getByText(say(lang, 'sortedByDistance')).waitFor();
      assert.equal(await near.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('near')), true, 'the focus stays on the button');
      const sorted = await ids(page);
      assert.deepEqual(sorted.slice(0, 2), ['BJ-XZM', 'BJ-DWY'], 'Xizhimen, then the zoo 1.4 km west');
      assert.deepEqual([...sorted].sort(), [...before].sort(), 'the same outlets, in another order');
      const first = (await page.locator('#outlet-list li').first().locator('.distance').textContent()) ?? '';
      assert.match(first, lang === 'zh' ? /^距您 \d+ 米$/ : /^\d+ m away$/);
      assert.equal(new URL(page.url()).searchParams.get('sort'), 'near');
      await looksRight(page, `outlets-near-${lang}`);
      // A reload asks the browser again (the position is never in the address) and sorts the same way.
      await page.reload();
      await page.getByRole('status').getByText(say(lang, 'sortedByDistance')).waitFor();
      assert.deepEqual((await ids(page)).slice(0, 2), ['BJ-XZM', 'BJ-DWY']);
      await page.context().close();

      const refused = await pageWith(env, lang, {});
      await refused.locator('#outlet-list li').first().waitFor();
      const order = await ids(refused);
      await refused.getByRole('button', { name: say(lang, 'near') }).click();
      await refused.getByRole('status').getByText(say(lang, 'locationDenied')).waitFor();
      assert.deepEqual(await ids(refused), order, 'the list stays as it was');
      assert.equal(await refused.getByRole('button', { name: say(lang, 'near') }).getAttribute('aria-pressed'), 'false', 'nothing to sort by, so not on');
      assert.equal(new URL(refused.url()).searchParams.get('sort'), null);
      assert.equal(await refused.locator('.distance').count(), 0);
      await looksRight(refused, `outlets-near-denied-${lang}`);
      await refused.context().close();
    });

    test(`says which outlets are open now in Beijing time, and when each opens or closes, as the clock runs (${lang})`, async () => {
      // Monday 30 November 2026, 08:00 in Beijing (00:00 UTC), on a phone set to London time: self-operated
      // centres open at 7, others at 9.
      const page = await pageWith(env, lang, { timezoneId: 'Europe/London' }, '/outlets?q=xizhimen');
      await page.clock.install({ time: new Date('2026-11-30T00:00:00Z') });
      await page.reload();
      await page.locator('#outlet-list li').nth(1).waitFor();
      const line = (id: string) => page.locator(`#outlet-list li[data-id="${id}"] .open-now`);
      assert.equal(await line('BJ-XZM').textContent(), `${say(lang, 'openNow')}${say(lang, 'closesAt', { when: '20:00' })}`);
      assert.equal(await line('BJ-DWY').textContent(), `${say(lang, 'closedNow')}${say(lang, 'opensAt', { when: '09:00' })}`);
      await looksRight(page, `outlets-open-now-${lang}`);
      // Twelve hours on, 20:00 in Beijing, without a reload: everything is closed until tomorrow morning, and the
      // button the person had focused keeps the focus.
      await page.getByRole('link', { name: say(lang, 'call', { phone: '010-96066' }) }).focus();
      await page.clock.fastForward('12:00:00');
      await page.waitForFunction((text) => document.querySelector('#outlet-list li[data-id="BJ-XZM"] .open-now')?.textContent === text,
        `${say(lang, 'closedNow')}${say(lang, 'opensAt', { when: say(lang, 'tomorrowAt', { time: '07:00' }) })}`);
      assert.equal(await line('BJ-DWY').textContent(), `${say(lang, 'closedNow')}${say(lang, 'opensAt', { when: say(lang, 'tomorrowAt', { time: '09:00' }) })}`);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), 'tel:010-96066');
      await screenshot(page, `outlets-closed-${lang}`);
      await page.context().close();
    });
  }
});
