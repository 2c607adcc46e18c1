// The API docs page (Swagger UI) runs under the server's Content-Security-Policy: it draws every operation,
// and the browser reports no blocked script, style or request.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeInBrowser, screenshot } from './browser.ts';

describeInBrowser('the API docs page', (env) => {
  test('draws the operations with nothing blocked by the Content-Security-Policy', { timeout: 30_000 }, async () => {
    const blocked: string[] = [];
    env.page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    const response = await env.page.goto(`${env.sys.base}/docs`);
    assert.match((await response?.allHeaders())?.['content-security-policy'] ?? '', /script-src 'self'/);
    await env.page.waitForSelector('.opblock', { timeout: 20_000 });
    assert.ok((await env.page.locator('.opblock').count()) > 20, 'every role’s operations are listed');
    await screenshot(env.page, 'docs-api');
    assert.deepEqual(blocked.filter((text) => /Content Security Policy|Refused/i.test(text)), []);
  });
});
