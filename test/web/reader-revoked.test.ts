// The reader display of a reader the operator revoked: it says 暂停服务 / Out of service at once and sends
// every tap to a manual check, in both languages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { messages } from '../../src/web/reader/messages.ts';
import { fill, type Lang } from '../../src/web/shared/i18n.ts';
import { call } from '../support/system.ts';
import { describeInBrowser, LANGS, PHONE } from './browser.ts';

const readerSay = (lang: Lang, key: keyof (typeof messages)['zh']) => fill(messages[lang][key]);

describeInBrowser('the reader display of a revoked reader', (env) => {
  for (const lang of LANGS) {
    test(`shows out of service and decides no PASS once the reader is revoked (${lang})`, async () => {
      const { sys } = env;
      const context = await env.browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${sys.base}/reader`);
      await page.evaluate((l) => localStorage.setItem('ykt.lang', l), lang);
      await page.reload();
      await page.getByRole('button', { name: readerSay(lang, 'demoEnrol') }).click();
      await page.locator('#sync-state').getByText(readerSay(lang, 'sync.online')).waitFor();
      const terminalId = (await page.locator('#terminal-id').textContent())!;

      const operator = DEMO_STAFF.find((s) => s.role === 'operator')!;
      const session = await call(sys.base, 'POST', '/api/v1/staff-session/login', { username: operator.username, password: operator.password });
      const revoked = await call(sys.base, 'POST', `/api/v1/admin/terminals/${terminalId}/revoke`, undefined, session.body.token);
      assert.equal(revoked.status, 204, JSON.stringify(revoked.body));

      await page.locator('#sync-state').getByText(readerSay(lang, 'sync.revoked')).waitFor();
      await page.getByLabel(readerSay(lang, 'cardNumber')).fill('1000751000000001');
      await page.getByRole('button', { name: readerSay(lang, 'tap'), exact: true }).click();
      assert.equal(await page.locator('#gate').getAttribute('data-decision'), 'LIST_STALE');
      await context.close();
    });
  }
});
