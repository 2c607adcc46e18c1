// Every page and screen, in each language: an axe-core check with no serious or critical violation at phone
// size, and a screenshot in artifacts/screenshots/ for people to look at.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { describeInBrowser, freshPassport, LANGS, open, requestCode, say, screenshot, signIn, upgrade } from './browser.ts';

// Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no inline scripts) allows.
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown }>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await screenshot(page, name);
  assert.deepEqual(await seriousViolations(page), [], name);
}

describeInBrowser('accessibility and screenshots of every page', (env) => {
  for (const lang of LANGS) {
    test(`the landing page has no serious accessibility violation (${lang})`, async () => {
      const page = await open(env, '/', lang);
      await page.getByRole('link', { name: /Health Kit/ }).waitFor();
      await check(page, `landing-${lang}`);
    });

    for (const channel of ['kit', 'app'] as const) {
      test(`every /${channel} screen has no serious accessibility violation (${lang})`, async () => {
        const page = await open(env, `/${channel}`, lang);
        await check(page, `${channel}-signin-${lang}`);
        await page.getByLabel(say(lang, 'docType')).selectOption(channel === 'kit' ? 'residence-permit' : 'passport');
        await check(page, `${channel}-signin-wrong-channel-${lang}`);
        await page.goto(`${env.sys.base}/${channel}#/help`);
        await page.getByRole('heading', { level: 2, name: say(lang, 'faqHeading') }).waitFor();
        await page.locator('summary').first().click();
        await check(page, `${channel}-help-${lang}`);
        if (channel === 'app') return;

        await page.goto(`${env.sys.base}/kit#/signin`);
        await requestCode(page, lang, freshPassport());
        await page.getByLabel(say(lang, 'code'), { exact: true }).waitFor();
        await check(page, `kit-code-${lang}`);

        await page.getByRole('button', { name: say(lang, 'otherDocument') }).click();
        await signIn(page, lang, freshPassport());
        await check(page, `kit-cards-empty-${lang}`);
        await upgrade(page, lang, { number: lang === 'zh' ? '1000751000000020' : '1000751000000021' });
        await page.getByRole('heading', { level: 2, name: say(lang, 'doneHeading') }).waitFor();
        await check(page, `kit-done-${lang}`);
        await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
        await page.locator('#card-list').waitFor();
        await check(page, `kit-cards-${lang}`);
        await page.getByRole('button', { name: new RegExp(say(lang, 'unbind')) }).click();
        await page.getByRole('dialog').waitFor();
        await check(page, `kit-unbind-dialog-${lang}`);
        await page.getByRole('dialog').getByRole('button', { name: say(lang, 'cancel') }).click();
        await page.getByRole('link', { name: say(lang, 'upgradeCard') }).click();
        await page.getByLabel(say(lang, 'cardNumber')).fill('1000751000000020');
        await check(page, `kit-upgrade-${lang}`);
        await page.getByRole('button', { name: say(lang, 'upgradeNow') }).click();
        await page.locator('[role=alert] p').first().waitFor();
        await check(page, `kit-upgrade-error-${lang}`);
        await page.goto(`${env.sys.base}/kit#/data`);
        await page.getByRole('heading', { level: 2, name: say(lang, 'dataHeading') }).waitFor();
        await check(page, `kit-data-${lang}`);
        await page.getByRole('link', { name: say(lang, 'codeContact.change') }).click();
        await page.getByRole('heading', { level: 2, name: say(lang, 'codeContact.screen') }).waitFor();
        await check(page, `kit-contact-${lang}`);
        await page.getByLabel(say(lang, 'phone'), { exact: true }).fill('+852 9123 4567');
        await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
        await page.locator('#contact-new-code').waitFor();
        await check(page, `kit-contact-codes-${lang}`);
        await page.goto(`${env.sys.base}/kit#/notices`);
        await page.getByRole('heading', { level: 3, name: say(lang, 'remindersHeading') }).waitFor();
        await check(page, `kit-notices-${lang}`);
        // A link from a notice (its token is checked only when the button is pressed).
        await page.goto(`${env.sys.base}/kit#/reminders-off/not.a-real-token`);
        await page.getByRole('button', { name: say(lang, 'linkRemindersButton') }).waitFor();
        await check(page, `kit-link-${lang}`);
      });
    }
  }
});
