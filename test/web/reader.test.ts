// The reader display (/reader) in Chromium, in both languages: a tap is spoken in Chinese then English
// through the Web Speech API (a fake one, injected before the page runs, that records what it is asked to
// say), the tones play where the browser has no speech, the mute toggle silences both, and a refused
// enrolment token shows the catalogue's text. Screenshots and axe-core as the other pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { Decision, describeDecision } from '../../src/domain/decisions.ts';
import { messages } from '../../src/web/reader/messages.ts';
import type { Lang } from '../../src/web/shared/i18n.ts';
import { describeInBrowser, errorText, LANGS, PHONE, screenshot, type BrowserEnv } from './browser.ts';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const readerSay = (lang: Lang, key: keyof typeof messages.zh) => messages[lang][key];
/** A card number no one has upgraded: every reader decides NOT_UPGRADED for it. */
const UNBOUND = '1000751099999999';

interface Heard {
  spoken: Array<{ text: string; lang: string; voice: string | null }>;
  cancels: number;
  tones: number;
}

/**
 * Runs in the page before its own scripts: records utterances and tones in `window.heard`. Plain JavaScript
 * in a string, because the transpiled test would call helpers (`__name`) the page does not have.
 */
const FAKE_AUDIO = `(withSpeech) => {
  const heard = { spoken: [], cancels: 0, tones: 0 };
  window.heard = heard;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    createOscillator() {
      heard.tones++;
      return super.createOscillator();
    }
  };
  if (!withSpeech) {
    // Chromium has speech built in; a browser without it has neither the engine nor the utterance.
    Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: undefined, configurable: true });
    return;
  }
  const voices = [{ lang: 'en-GB', name: 'English' }, { lang: 'zh-TW', name: 'Taiwanese Mandarin' }, { lang: 'zh-CN', name: 'Mandarin' }];
  const synthesis = {
    getVoices: () => voices,
    addEventListener: () => undefined,
    cancel: () => { heard.cancels++; },
    speak: (u) => { heard.spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null }); },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synthesis, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: function (text) { this.text = text; this.lang = ''; this.voice = null; }, configurable: true });
}`;

/** A fresh browser context (own storage) with the fake audio, on /reader in a language. */
async function readerPage(env: BrowserEnv, lang: Lang, withSpeech: boolean): Promise<Page> {
  const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.addInitScript({ content: `(${FAKE_AUDIO})(${withSpeech});` });
  await page.goto(`${env.sys.base}/reader`);
  await page.evaluate((l) => localStorage.setItem('ykt.lang', l), lang);
  await page.reload();
  return page;
}

async function enrolDemo(page: Page, lang: Lang): Promise<void> {
  await page.getByRole('button', { name: readerSay(lang, 'demoEnrol') }).click();
  await page.waitForFunction(() => /^\d+$/.test(document.getElementById('list-version')?.textContent ?? ''));
}

async function tap(page: Page, lang: Lang, number: string): Promise<void> {
  await page.getByLabel(readerSay(lang, 'cardNumber')).fill(number);
  await page.getByRole('button', { name: readerSay(lang, 'tap'), exact: true }).click();
  await page.locator('#gate[data-decision]:not([data-decision="READY"])').waitFor();
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard }).heard);

async function assertAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string | null }> }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), [], name);
}

describeInBrowser('the reader display speaks and shows each decision', (env) => {
  const cue = describeDecision(Decision.NOT_UPGRADED);

  test('the gate page may compile WebAssembly (its card hasher), and no other page may', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const compiles = () => page.evaluate(() => {
      try {
        new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
        return true;
      } catch {
        return false;
      }
    });
    await page.goto(`${env.sys.base}/reader`);
    assert.equal(await compiles(), true, '/reader');
    await page.goto(`${env.sys.base}/kit`);
    assert.equal(await compiles(), false, '/kit: script-src without wasm-unsafe-eval');
    await context.close();
  });

  for (const lang of LANGS) {
    test(`a tap is spoken in Chinese, then English, with voices of those languages, and shown without debug text (${lang})`, async () => {
      const page = await readerPage(env, lang, true);
      await enrolDemo(page, lang);
      await tap(page, lang, UNBOUND);

      const gate = page.locator('#gate');
      assert.equal(await gate.getAttribute('data-decision'), Decision.NOT_UPGRADED);
      const shown = (await gate.textContent()) ?? '';
      assert.ok(shown.includes(cue.zh) && shown.includes(cue.en), shown);
      assert.doesNotMatch(shown, /NOT_UPGRADED|undefined|null/);
      const after = await heard(page);
      assert.deepEqual(after.spoken, [
        { text: cue.zh, lang: 'zh-CN', voice: 'zh-CN' },
        { text: cue.en, lang: 'en', voice: 'en-GB' },
      ]);
      assert.equal(after.tones, 0, 'a browser that speaks does not beep as well');
      await assertAccessible(page, `reader-spoken-${lang}`);

      // A second tap cuts the first prompt short before saying its own.
      await tap(page, lang, UNBOUND);
      const again = await heard(page);
      assert.equal(again.cancels, after.cancels + 1);
      assert.equal(again.spoken.length, 4);
      await page.context().close();
    });

    test(`without speech the tones play, and the mute toggle silences them (${lang})`, async () => {
      const page = await readerPage(env, lang, false);
      await enrolDemo(page, lang);
      await tap(page, lang, UNBOUND);
      // NOT_UPGRADED's cue is "see staff": two beeps.
      await page.waitForFunction(() => (window as unknown as { heard: Heard }).heard.tones === 2);
      assert.deepEqual((await heard(page)).spoken, []);

      const toggle = page.getByRole('button', { name: new RegExp(readerSay(lang, 'sound')) });
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      await toggle.click();
      // The click returns before the page has drawn the toggle again: wait for it to show not pressed (or time out).
      await page.getByRole('button', { name: new RegExp(readerSay(lang, 'sound')), pressed: false }).waitFor();
      await tap(page, lang, UNBOUND);
      await page.waitForTimeout(200);
      assert.equal((await heard(page)).tones, 2, 'muted: no more beeps');
      await screenshot(page, `reader-muted-${lang}`);
      await page.context().close();
    });

    test(`a refused enrolment token is shown as the catalogue's text, not its code (${lang})`, async () => {
      const page = await readerPage(env, lang, true);
      await page.getByLabel(readerSay(lang, 'token')).fill('not-a-token');
      await page.getByRole('button', { name: readerSay(lang, 'enrol'), exact: true }).click();
      const alert = page.locator('[role=alert]');
      await alert.getByText(errorText(lang, 'ENROLMENT_TOKEN_INVALID')).waitFor();
      assert.doesNotMatch((await alert.textContent()) ?? '', /ENROLMENT_TOKEN_INVALID/);
      await assertAccessible(page, `reader-enrol-refused-${lang}`);
      await page.context().close();
    });
  }
});
