// The service-desk issue's pages in a real browser at phone size, in both languages: a ticket opened from
// the holder's Help and answered by an agent; the reader display enrolling, turning green, red, test expired,
// card lost and stale while it runs the reader SDK against the live list; My taps showing the taps that reader
// uploaded; axe-core on each page with screenshots.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { signHealthBatch } from '../../src/http/health-feed.ts';
import { DEMO_STAFF, demoCardRows } from '../../src/services/demo/seed.ts';
import { importCards } from '../../src/services/feeds/card-import.ts';
import { messages as readerMessages } from '../../src/web/reader/messages.ts';
import type { Lang } from '../../src/web/shared/i18n.ts';
import { call, signIn as apiSignIn } from '../support/system.ts';
import { describeInBrowser, freshPassport, LANGS, open, PHONE, say, screenshot, signIn, type BrowserEnv } from './browser.ts';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Screenshot, then axe-core. `idle: false` skips waiting for the network to go quiet, for the reader display:
 * under its fake clock it never looks idle to the browser (the wait would only ever time out), and the
 * callers wait for the state they check anyway.
 */
async function assertAccessible(page: Page, name: string, { idle = true } = {}): Promise<void> {
  // Bounded all the same: a page that keeps the network busy gets a screenshot after 2 s.
  if (idle) await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => undefined);
  await screenshot(page, name);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  assert.deepEqual(serious, [], name);
}

const readerSay = (lang: Lang, key: keyof typeof readerMessages.zh) => readerMessages[lang][key];
const card = (serial: number) => `10007510${String(serial).padStart(8, '0')}`;

async function agentToken(env: BrowserEnv): Promise<string> {
  const agent = DEMO_STAFF.find((s) => s.role === 'agent')!;
  return (await call(env.sys.base, 'POST', '/api/v1/staff-session/login', { username: agent.username, password: agent.password })).body.token;
}

/** A fresh browser context (own storage, own clock) with a phone viewport. */
async function freshPage(env: BrowserEnv): Promise<Page> {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
  return context.newPage();
}

describeInBrowser('the service desk and the reader display', (env) => {
  for (const [i, lang] of LANGS.entries()) {
    test(`opens a ticket from Help, and reads the agent's reply (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await signIn(page, lang, freshPassport());
      await page.getByRole('link', { name: say(lang, 'menuHelp') }).click();
      await page.getByRole('link', { name: say(lang, 'findOutlet') }).first().waitFor();
      await page.getByRole('link', { name: say(lang, 'ticketsLink') }).click();
      await page.getByRole('heading', { level: 2, name: say(lang, 'ticketsHeading') }).waitFor();
      await page.getByText(say(lang, 'noTickets')).waitFor();
      await assertAccessible(page, `kit-tickets-${lang}`);

      await page.getByRole('button', { name: say(lang, 'ticketSubmit') }).click();
      await page.getByRole('alert').getByText(say(lang, 'required')).waitFor();
      const subject = lang === 'zh' ? '闸机提示未查到健康码' : 'Gate says no health code';
      await page.getByLabel(say(lang, 'ticketSubject')).fill(subject);
      await page.getByLabel(say(lang, 'ticketBody')).fill(lang === 'zh' ? '今天早上在东直门刷卡失败。' : 'My tap failed at Dongzhimen this morning.');
      await page.getByRole('button', { name: say(lang, 'ticketSubmit') }).click();
      const opened = page.getByRole('status');
      await opened.locator('p').first().waitFor();
      const id = Number(/#(\d+)/.exec((await opened.textContent()) ?? '')?.[1]);
      assert.ok(id > 0);
      await page.locator('#ticket-messages li').first().waitFor();

      const agent = await agentToken(env);
      const detail = await call(env.sys.base, 'GET', `/api/v1/service/tickets/${id}`, undefined, agent);
      assert.equal(detail.body.ticket.lang, lang, 'the ticket carries the language the holder wrote in');
      const answer = lang === 'zh' ? '您好,请问您的卡是哪天升级的?' : 'Hello, which day did you upgrade your card?';
      await call(env.sys.base, 'POST', `/api/v1/service/tickets/${id}/replies`, { body: answer, state: 'pending-holder' }, agent);

      await page.getByRole('link', { name: say(lang, 'back') }).click();
      await page.locator('#ticket-list').getByText(subject).click();
      await page.getByText(answer).waitFor();
      await page.getByText(say(lang, 'ticketState.pending-holder'), { exact: false }).first().waitFor();
      await page.getByLabel(say(lang, 'ticketReply')).fill(lang === 'zh' ? '昨天' : 'Yesterday');
      await page.getByRole('button', { name: say(lang, 'ticketReplySend') }).click();
      await page.getByRole('status').getByText(say(lang, 'ticketReplied')).waitFor();
      assert.match((await page.locator('#ticket-state').textContent()) ?? '', new RegExp(say(lang, 'ticketState.open')));
      await assertAccessible(page, `kit-ticket-${lang}`);
    });

    test(`the reader display turns green, red and stale, and My taps shows its taps (${lang})`, async () => {
      const { sys } = env;
      const doc = lang === 'zh' ? { type: 'passport', number: 'E12345678', state: 'GBR' } : { type: 'hk-macao-permit', number: 'H12345678' };
      const token = await apiSignIn(sys, 'kit', doc);
      const number = card(8 + i);
      const upgraded = await call(sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: number, medium: 'physical', agreementVersion: 1 }, token);
      assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));

      const reader = await freshPage(env);
      // A clock the test can move (timers keep running in real time until it does).
      await reader.clock.install();
      await reader.goto(`${sys.base}/reader`);
      await reader.evaluate((l) => localStorage.setItem('ykt.lang', l), lang);
      await reader.reload();
      await reader.getByRole('button', { name: readerSay(lang, 'demoEnrol') }).waitFor();
      await assertAccessible(reader, `reader-enrol-${lang}`, { idle: false });
      await reader.getByRole('button', { name: readerSay(lang, 'demoEnrol') }).click();
      await reader.waitForFunction(() => /^\d+$/.test(document.getElementById('list-version')?.textContent ?? ''));

      const gate = reader.locator('#gate');
      const tapUntil = async (decision: string) => {
        for (let attempt = 0; attempt < 40; attempt++) {
          await reader.getByLabel(readerSay(lang, 'cardNumber')).fill(number);
          await reader.getByRole('button', { name: readerSay(lang, 'tap'), exact: true }).click();
          if ((await gate.getAttribute('data-decision')) === decision) return;
          await reader.waitForTimeout(250);
        }
        assert.fail(`the reader never showed ${decision}; it shows ${await gate.getAttribute('data-decision')}`);
      };
      await tapUntil('PASS');
      assert.equal(await gate.getAttribute('data-light'), 'green');
      await assertAccessible(reader, `reader-pass-${lang}`, { idle: false });

      const body = JSON.stringify({ records: [{ recordId: `web-red-${lang}`, document: doc, colour: 'red', testedAt: new Date(sys.ctx.clock() - 3_600_000).toISOString(), recordedAt: new Date(sys.ctx.clock() + 60_000).toISOString() }] });
      const fed = await fetch(`${sys.base}/api/v1/health-feed/records`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(sys.ctx.secrets.healthFeedKey, body, sys.ctx.clock()) }, body });
      assert.equal(fed.status, 200, await fed.text());
      await tapUntil('ABNORMAL');
      assert.equal(await gate.getAttribute('data-light'), 'red');
      await screenshot(reader, `reader-red-${lang}`);

      // For the gallery, two more decisions on the same gate: green with a test older than the policy's 72 h,
      // then the card reported lost, blocked and refunded by the card issuer's master data.
      const stale = JSON.stringify({ records: [{ recordId: `web-old-test-${lang}`, document: doc, colour: 'green', testedAt: new Date(sys.ctx.clock() - 100 * 3_600_000).toISOString(), recordedAt: new Date(sys.ctx.clock() + 90_000).toISOString() }] });
      const fedStale = await fetch(`${sys.base}/api/v1/health-feed/records`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(sys.ctx.secrets.healthFeedKey, stale, sys.ctx.clock()) }, body: stale });
      assert.equal(fedStale.status, 200, await fedStale.text());
      await tapUntil('TEST_EXPIRED');
      await screenshot(reader, `reader-test-expired-${lang}`);
      const [row] = demoCardRows().filter((r) => r.number === number);
      await importCards(sys.ctx, (async function* () { yield { ...row!, state: 'lost' }; })());
      await tapUntil('CARD_LOST');
      await screenshot(reader, `reader-card-lost-${lang}`);
      // And the card issuer's two other states: blocked, then refunded (each its own words at the gate).
      for (const [state, decision] of [['blocked', 'CARD_BLOCKED'], ['refunded', 'CARD_REFUNDED']] as const) {
        await importCards(sys.ctx, (async function* () { yield { ...row!, state }; })());
        await tapUntil(decision);
        assert.equal(await gate.getAttribute('data-light'), 'red');
        await screenshot(reader, `reader-card-${state}-${lang}`);
      }
      await reader.waitForFunction(() => document.getElementById('pending')?.textContent === '0');

      // Thirteen hours on, the list is older than the default policy's 12-hour maximum: manual check, never PASS.
      await reader.clock.fastForward('13:00:00');
      await reader.locator('#list-age.stale').waitFor();
      await reader.waitForFunction(() => document.getElementById('gate')?.dataset.decision === 'LIST_STALE');
      await screenshot(reader, `reader-stale-${lang}`);
      await reader.context().close();

      const page = await open(env, '/kit', lang);
      await signIn(page, lang, doc as never);
      await page.getByRole('link', { name: say(lang, 'menuTaps') }).click();
      await page.getByRole('heading', { level: 2, name: say(lang, 'tapsHeading') }).waitFor();
      const list = page.locator('#tap-list');
      await list.locator('li[data-decision="PASS"]').first().waitFor();
      await list.locator('li[data-decision="ABNORMAL"]').first().getByText(say(lang, 'tapDo.ABNORMAL')).waitFor();
      // The demo reader is placed as "培训 Training" / "演示闸机 Demo gate": each page shows its own language.
      assert.ok(((await list.textContent()) ?? '').includes(lang === 'zh' ? '培训 · 演示闸机' : 'Training · Demo gate'));
      await assertAccessible(page, `kit-taps-${lang}`);
      // Leave the person green again for the other language's run.
      const green = JSON.stringify({ records: [{ recordId: `web-green-${lang}`, document: doc, colour: 'green', testedAt: new Date(sys.ctx.clock() - 3_600_000).toISOString(), recordedAt: new Date(sys.ctx.clock() + 120_000).toISOString() }] });
      await fetch(`${sys.base}/api/v1/health-feed/records`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(sys.ctx.secrets.healthFeedKey, green, sys.ctx.clock()) }, body: green });
    });
  }
});
