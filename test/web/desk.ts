// The desktop staff pages' browser harness: one real server and one Chromium per file, as test/web/browser.ts,
// but at a desktop viewport (1280×800), with the staff messages, staff sign-in and the axe-core check.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { messages, type MessageKey } from '../../src/web/staff/messages.ts';
import { fill, type Lang } from '../../src/web/shared/i18n.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { startSystem } from '../support/system.ts';
import { CHROMIUM, screenshot, type BrowserEnv } from './browser.ts';

export const DESKTOP = { width: 1280, height: 800 };
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function describeOnDesktop(name: string, body: (env: BrowserEnv) => void): void {
  const missing = !fs.existsSync(CHROMIUM);
  if (missing && process.env.YKT_REQUIRE_BROWSER === '1') {
    test(name, () => {
      throw new Error(`YKT_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
    });
    return;
  }
  const skip = missing ? `no Chromium at ${CHROMIUM}: browser tests skipped` : false;
  describe(name, { skip }, () => {
    const env = {} as BrowserEnv;
    before(async () => {
      env.sys = await startSystem();
      env.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      env.page = await (await env.browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })).newPage();
    });
    after(async () => {
      await env.browser?.close();
      await env.sys?.stop();
    });
    body(env);
  });
}

/** A staff page message in one language. */
export const t = (lang: Lang, key: MessageKey, params?: Record<string, string | number>): string => fill(messages[lang][key], params);

/** Opens a desk page fresh (signed out) in a language and signs in as the demo account of `role`. */
export async function openDesk(env: BrowserEnv, path: string, lang: Lang, role: 'staff' | 'agent' | 'outlet' | 'operator' | null): Promise<Page> {
  const { page } = env;
  await page.goto(env.sys.base + path);
  await page.evaluate((l) => {
    localStorage.setItem('ykt.lang', l);
    sessionStorage.clear();
  }, lang);
  await page.goto(env.sys.base + path);
  await page.getByRole('heading', { level: 1, name: t(lang, 'signInHeading') }).waitFor();
  if (role) await signInAs(page, lang, role);
  return page;
}

export async function signInAs(page: Page, lang: Lang, role: string): Promise<void> {
  const member = DEMO_STAFF.find((m) => m.role === role)!;
  await page.getByLabel(t(lang, 'username')).fill(member.username);
  await page.getByLabel(t(lang, 'password')).fill(member.password);
  await page.getByRole('button', { name: t(lang, 'signIn') }).click();
  await page.getByRole('button', { name: t(lang, 'signOut') }).waitFor();
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Screenshot to artifacts/screenshots/, then axe-core: no serious or critical violation. A page with a live
 * event stream open is never network-idle: `idle` false skips that wait (its caller waited for what it shows).
 */
export async function checkPage(page: Page, name: string, idle = true): Promise<void> {
  if (idle) await page.waitForLoadState('networkidle');
  await screenshot(page, name);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  assert.deepEqual(serious, [], name);
}
