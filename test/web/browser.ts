// The browser suites' harness: one real server (test/support/system.ts) and one Chromium per test file, one
// phone-sized page reused by every test. Without /usr/bin/chromium the suite is skipped with a message,
// unless YKT_REQUIRE_BROWSER=1, which makes a missing browser a failure (CI sets it).
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { errorEntry, type ErrorCode } from '../../src/domain/errors.ts';
import type { DocumentType } from '../../src/domain/documents.ts';
import { messages, type MessageKey } from '../../src/web/holder/messages.ts';
import { fill, type Lang } from '../../src/web/shared/i18n.ts';
import { startSystem, type TestSystem } from '../support/system.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const PHONE = { width: 360, height: 740 };
export const SCREENSHOTS = path.resolve('artifacts/screenshots');
export const LANGS: readonly Lang[] = ['zh', 'en'];

export interface BrowserEnv {
  sys: TestSystem;
  browser: Browser;
  page: Page;
}

/**
 * A describe() whose tests share one server, one Chromium and one phone-sized page. `start` starts the
 * server, for a suite that needs it configured otherwise (an OpenID provider's).
 */
export function describeInBrowser(name: string, body: (env: BrowserEnv) => void, start: () => Promise<TestSystem> = startSystem): void {
  const missing = !fs.existsSync(CHROMIUM);
  if (missing && process.env.YKT_REQUIRE_BROWSER === '1') {
    test(name, () => {
      throw new Error(`YKT_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    });
    return;
  }
  const skip = missing ? `no Chromium at ${CHROMIUM}: browser tests skipped (apt-get install chromium; YKT_REQUIRE_BROWSER=1 makes this a failure)` : false;
  if (skip) console.warn(`# ${name}: ${skip}`);
  describe(name, { skip }, () => {
    const env = {} as BrowserEnv;
    before(async () => {
      env.sys = await start();
      env.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, isMobile: true, hasTouch: true, acceptDownloads: true });
      env.page = await context.newPage();
    });
    after(async () => {
      await env.browser?.close();
      await env.sys?.stop();
    });
    body(env);
  });
}

/** A message of the holder pages in one language. */
export const say = (lang: Lang, key: MessageKey, params?: Record<string, string | number>): string => fill(messages[lang][key], params);
/** An error catalogue text in one language. */
export const errorText = (lang: Lang, code: ErrorCode): string => errorEntry(code)[lang];

/** Opens a page fresh (no session) in a language, as if the person had chosen it before. */
export async function open(env: BrowserEnv, pagePath: string, lang: Lang): Promise<Page> {
  const { page } = env;
  await page.goto(env.sys.base + pagePath);
  await page.evaluate((l) => {
    localStorage.setItem('ykt.lang', l);
    sessionStorage.clear();
  }, lang);
  await page.goto(env.sys.base + pagePath.replace(/#.*$/, ''));
  await page.waitForSelector('h1');
  return page;
}

export interface Doc {
  type: DocumentType;
  number: string;
  state?: string;
}

/**
 * Fills the document step and asks for a code; at a first sign-in, when the form then asks where codes go,
 * gives `email`. Resolves once the code step shows (or an error does).
 */
export async function requestCode(page: Page, lang: Lang, doc: Doc, email = 'visitor@example.com'): Promise<void> {
  await page.getByLabel(say(lang, 'docType')).selectOption(doc.type);
  await page.getByLabel(say(lang, 'docNumber')).fill(doc.number);
  if (doc.state) await page.getByLabel(say(lang, 'docState')).fill(doc.state);
  await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
  await page.locator('#code-input, input[name=contact-kind], [role=alert] p').first().waitFor();
  if (await page.locator('input[name=contact-kind]').count()) {
    await page.getByRole('radio', { name: say(lang, 'contact.email'), exact: true }).check();
    await page.getByLabel(say(lang, 'email'), { exact: true }).fill(email);
    await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
    await page.locator('#code-input, [role=alert] p').first().waitFor();
  }
}

/** Signs in through the page, reading the code from the demo hint the page shows. */
export async function signIn(page: Page, lang: Lang, doc: Doc): Promise<void> {
  await requestCode(page, lang, doc);
  const hint = await page.locator('.demo').textContent();
  const code = /\d{6}/.exec(hint ?? '')?.[0];
  if (!code) throw new Error(`no demo code shown: ${hint}`);
  await page.getByLabel(say(lang, 'code'), { exact: true }).fill(code);
  await page.getByRole('button', { name: say(lang, 'signIn'), exact: true }).click();
  await page.getByRole('heading', { level: 2, name: say(lang, 'cardsHeading') }).waitFor();
}

/** Goes from My upgraded cards through the upgrade form and presses Upgrade now (the card says its medium). */
export async function upgrade(page: Page, lang: Lang, card: { number: string; agree?: boolean }): Promise<void> {
  await page.getByRole('link', { name: say(lang, 'upgradeCard') }).click();
  await page.getByLabel(say(lang, 'cardNumber')).fill(card.number);
  // The form keeps what was entered across visits, so the tick is set either way.
  await page.getByLabel(say(lang, 'agree')).setChecked(card.agree !== false);
  await page.getByRole('button', { name: say(lang, 'upgradeNow') }).click();
}

/** The text of the live error region once it has some. */
export async function alertText(page: Page): Promise<string> {
  const alert = page.locator('[role=alert]');
  await alert.locator('p').first().waitFor();
  return (await alert.textContent()) ?? '';
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

let serial = 0;
/** A passport no other test uses, so each test signs in as a new person. */
export function freshPassport(): Doc {
  serial++;
  return { type: 'passport', number: `T${process.pid % 10000}${String(serial).padStart(3, '0')}`.slice(0, 9), state: 'GBR' };
}
