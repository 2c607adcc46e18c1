// The readers' section of /ops marks a silent reader and one behind the current list, never as OK, and says
// the thresholds this server flags them by, in both languages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueEnrolment } from '../../src/services/operator/terminals.ts';
import { ot } from '../../src/web/ops/messages.ts';
import { call } from '../support/system.ts';
import { LANGS, type BrowserEnv } from './browser.ts';
import { checkPage, describeOnDesktop, openDesk } from './desk.ts';
import { STRAY_SPACE } from './zh-spacing.ts';

const MINUTE = 60_000;

/** Enrols a reader that reports `version` once, then falls quiet; returns its id. */
async function quietReader(env: BrowserEnv, version: number): Promise<string> {
  const { token } = await issueEnrolment(env.sys.ctx, { kind: 'metro-gate', line: 'Line 2', station: 'Jishuitan' }, 'test');
  const enrolled = await call(env.sys.base, 'POST', '/api/v1/terminal/enrol', { token });
  const response = await fetch(`${env.sys.base}/api/v1/terminal/config`, { headers: { authorization: `Bearer ${enrolled.body.credentials}`, 'x-reader-list-version': String(version) } });
  assert.equal(response.status, 200);
  return enrolled.body.terminalId;
}

describeOnDesktop('the readers on /ops, by how they sync', (env) => {
  for (const lang of LANGS) {
    test(`a reader silent past YKT_READER_SILENT_MINUTES and one behind past YKT_READER_BEHIND_MINUTES are marked (${lang})`, async () => {
      const { sys } = env;
      await sys.app.parts.publisher.poke();
      const current = sys.app.parts.publisher.version;
      assert.ok(current > 0);
      const behind = await quietReader(env, current - 1);
      const silent = await quietReader(env, current);
      // Defaults: silent after 10 minutes, behind after 5 (the policy's maximum list age is hours: not stale).
      sys.advance(6 * MINUTE);
      const page = await openDesk(env, '/ops', lang, 'operator');
      await page.getByRole('link', { name: ot(lang, 'tab.terminals') }).click();
      await page.locator(`#terminals tr[data-terminal="${behind}"]`).getByText(ot(lang, 'health.behind')).waitFor();
      assert.equal(await page.locator(`#terminals tr[data-terminal="${silent}"]`).getByText(ot(lang, 'health.silent')).count(), 0);

      sys.advance(5 * MINUTE);
      await page.getByRole('link', { name: ot(lang, 'tab.dashboard') }).click();
      await page.getByRole('link', { name: ot(lang, 'tab.terminals') }).click();
      await page.locator(`#terminals tr[data-terminal="${silent}"]`).getByText(ot(lang, 'health.silent')).waitFor();
      for (const id of [silent, behind]) assert.equal(await page.locator(`#terminals tr[data-terminal="${id}"]`).getByText(ot(lang, 'health.ok'), { exact: true }).count(), 0, `${id} is not OK`);

      // The defaults: stale after the policy's 12 hours, silent after 10 minutes, behind past 3 versions or 5 minutes.
      const thresholds = page.locator('#reader-thresholds');
      const minutes = (n: number) => ot(lang, 'minutesN', { n });
      await thresholds.getByText(ot(lang, 'threshold.stale', { label: ot(lang, 'health.stale'), duration: ot(lang, 'hoursN', { n: 12 }) })).waitFor();
      await thresholds.getByText(ot(lang, 'threshold.silent', { label: ot(lang, 'health.silent'), duration: minutes(10) })).waitFor();
      await thresholds.getByText(ot(lang, 'threshold.behind', { label: ot(lang, 'health.behind'), versions: 3, duration: minutes(5) })).waitFor();
      if (lang === 'zh') assert.doesNotMatch(await page.locator('main').innerText(), STRAY_SPACE);
      await checkPage(page, `ops-readers-flagged-${lang}`);
    });
  }
});
