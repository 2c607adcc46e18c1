// The Yikatong app channel (/app) in a real browser: the same flow as /kit with the residence permit, and a
// travel-permit holder told to go to the Health Kit column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { residenceCheckCharacter } from '../../src/domain/documents.ts';
import { alertText, describeInBrowser, errorText, LANGS, open, say, screenshot, signIn, upgrade } from './browser.ts';

/** A residence permit number of a person no other test uses (Hong Kong, born 1 January 1990). */
function residencePermit(sequence: number) {
  const first17 = `81000019900101${String(sequence).padStart(3, '0')}`;
  return { type: 'residence-permit' as const, number: first17 + residenceCheckCharacter(first17) };
}

describeInBrowser('the Yikatong app channel (/app)', (env) => {
  for (const [i, lang] of LANGS.entries()) {
    test(`a residence-permit holder signs in, upgrades a phone NFC card, lists it and unbinds it (${lang})`, async () => {
      const page = await open(env, '/app', lang);
      // The app lists the residence permit first.
      assert.equal(await page.getByLabel(say(lang, 'docType')).inputValue(), 'residence-permit');
      await page.getByRole('heading', { level: 1, name: new RegExp(say(lang, 'titleApp')) }).waitFor();
      await signIn(page, lang, residencePermit(100 + i));
      await upgrade(page, lang, { number: `100075100000003${2 + i}` });
      await page.getByRole('heading', { level: 2, name: say(lang, 'doneHeading') }).waitFor();
      await screenshot(page, `app-done-${lang}`);
      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      const masked = `1000********003${2 + i}`;
      await page.locator('#card-list').getByText(masked).waitFor();
      await screenshot(page, `app-cards-${lang}`);
      assert.match((await page.locator('#card-list').textContent()) ?? '', new RegExp(say(lang, 'medium.nfc')));
      await page.getByRole('button', { name: say(lang, 'unbindLabel', { card: masked }) }).click();
      await page.getByRole('dialog').getByRole('button', { name: say(lang, 'unbind') }).click();
      await page.getByText(say(lang, 'noCards')).waitFor();
    });

    test(`tells a travel-permit holder to use the Health Kit column (${lang})`, async () => {
      const page = await open(env, '/app', lang);
      await page.getByLabel(say(lang, 'docType')).selectOption('hk-macao-permit');
      await page.getByText(errorText(lang, 'WRONG_CHANNEL_USE_KIT')).waitFor();
      assert.equal(await page.getByRole('link', { name: say(lang, 'goToKit') }).getAttribute('href'), '/kit');
      await page.getByLabel(say(lang, 'docNumber')).fill('H12345678');
      await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
      assert.equal(await alertText(page), errorText(lang, 'WRONG_CHANNEL_USE_KIT'));
    });

    test(`checks a residence permit number as it is typed (${lang})`, async () => {
      const page = await open(env, '/app', lang);
      const input = page.getByLabel(say(lang, 'docNumber'));
      await input.fill('110000199001011234');
      await page.locator('.check.bad').getByText(errorText(lang, 'DOC_RESIDENCE_REGION')).waitFor();
      const good = residencePermit(7).number;
      await input.fill(good.slice(0, 17) + (good[17] === '0' ? '1' : '0'));
      await page.locator('.check.bad').getByText(errorText(lang, 'DOC_RESIDENCE_CHECK')).waitFor();
      await input.fill(good);
      await page.locator('.check.good').getByText(say(lang, 'docLooksRight')).waitFor();
    });
  }
});
