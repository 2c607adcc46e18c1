// Sign-in with an OpenID provider in a real browser: the Health Kit column's "Sign in with Health Kit", the
// provider's login and consent pages (a real oidc-provider the test starts), the way back, the session, and a
// card upgraded with it. Our pages answer on localhost and the provider on 127.0.0.1, so the way back is a
// cross-site redirect, as it is in a deployment, and the flow's SameSite=Lax cookie must survive it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../../scripts/free-port.ts';
import type { TravelDocument } from '../../src/domain/documents.ts';
import { demoCard } from '../support/fixtures.ts';
import { oidcEnv, startOidcProvider, type TestProvider } from '../support/oidc-provider.ts';
import { startSystem } from '../support/system.ts';
import { alertText, describeInBrowser, errorText, open, say, screenshot, upgrade } from './browser.ts';

const PERMIT: TravelDocument = { type: 'hk-macao-permit', number: 'M87654321' };
let provider: TestProvider | undefined;

async function startWithProvider() {
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  provider = await startOidcProvider({
    redirectUris: [`${publicUrl}/api/v1/kit/login/oidc/callback`],
    accounts: { chan: { id_doc_type: 'HKM_PERMIT', id_doc_number: PERMIT.number, name: 'Chan Siu Ming' } },
  });
  const sys = await startSystem({ port, env: oidcEnv(provider, publicUrl) });
  // The browser uses the address the provider sends it back to, or the flow's cookie would not come back with it.
  return { ...sys, base: publicUrl };
}

describeInBrowser(
  'sign-in with an OpenID provider (/kit)',
  (env) => {
    after(() => provider?.stop());

    test('Sign in with Health Kit: login and consent at the provider, back signed in, a card upgraded (en)', async () => {
      const page = await open(env, '/kit', 'en');
      await page.getByRole('link', { name: say('en', 'signInWith', { name: 'Health Kit' }) }).click();

      await page.locator('input[name=login]').fill('chan');
      await page.locator('input[name=password]').fill('any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByRole('heading', { level: 2, name: say('en', 'cardsHeading') }).waitFor();
      await page.getByText(say('en', 'signedInAs', { doc: 'Mainland Travel Permit for Hong Kong and Macao Residents', masked: 'M8*****21' })).waitFor();
      assert.equal(new URL(page.url()).search, '', 'the way back leaves nothing in the address');
      await upgrade(page, 'en', { number: demoCard(3) });
      await page.getByRole('heading', { level: 2, name: say('en', 'doneHeading') }).waitFor();
      await screenshot(page, 'kit-oidc-done-en');

      const person = await env.sys.ctx.store.people.findByDocKey(env.sys.ctx.personalData.documentKey(PERMIT));
      assert.ok(person, 'the provider\'s person is ours');
      assert.deepEqual((await env.sys.ctx.store.bindings.of(person.id, { activeOnly: true })).map((b) => [b.medium, b.channel]), [['physical', 'kit']]);
    });

    test('a way back this browser did not start is refused on the page, in its language (zh)', async () => {
      const page = await open(env, '/kit', 'zh');
      await page.getByRole('link', { name: say('zh', 'signInWith', { name: '健康宝' }) }).waitFor();
      await screenshot(page, 'kit-oidc-signin-zh');
      await page.goto(`${env.sys.base}/api/v1/kit/login/oidc/callback?code=forged&state=forged`);
      assert.equal(await alertText(page), errorText('zh', 'OIDC_STATE_MISMATCH'));
      await page.getByRole('heading', { level: 2, name: say('zh', 'signInHeading') }).waitFor();
    });
  },
  startWithProvider,
);
