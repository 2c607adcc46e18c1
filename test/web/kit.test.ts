// The Health Kit applet column in a real browser at phone size, in both languages: sign in, upgrade, list,
// unbind; the errors in the page's language; the limit; the wrong channel; the remembered language; my data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { DEMO_DOCUMENTS } from '../../src/services/demo/seed.ts';
import { deliveryNotifier } from '../../src/services/messages/delivery.ts';
import { SWITCH_TO } from '../../src/web/shared/lang-switch.ts';
import { freePort } from '../support/process.ts';
import { waitFor } from '../support/fixtures.ts';
import { alertText, describeInBrowser, errorText, freshPassport, LANGS, open, requestCode, say, screenshot, signIn, upgrade } from './browser.ts';

// Demo cards (src/services/demo/seed.ts): 01–03, 07–09 … are active physical cards, 04 lost, 31–33 active NFC.
const card = (serial: number) => `10007510${String(serial).padStart(8, '0')}`;
const masked = (serial: number) => `1000********${card(serial).slice(-4)}`;
const RESIDENCE_PERMIT = DEMO_DOCUMENTS.find((d) => d.type === 'residence-permit')!.number;

describeInBrowser('the Health Kit column (/kit)', (env) => {
  for (const [i, lang] of LANGS.entries()) {
    test(`signs in with a passport, upgrades a card, lists it and unbinds it (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      assert.equal(await page.getAttribute('html', 'lang'), lang === 'zh' ? 'zh-CN' : 'en');
      await signIn(page, lang, freshPassport());
      await page.getByText(say(lang, 'noCards')).waitFor();

      await upgrade(page, lang, { number: card(1 + i) });
      await page.getByRole('heading', { level: 2, name: say(lang, 'doneHeading') }).waitFor();
      await page.getByText(say(lang, 'doneNextTap')).waitFor();

      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      const list = page.locator('#card-list');
      await list.getByText(masked(1 + i)).waitFor();
      assert.match((await list.textContent()) ?? '', new RegExp(say(lang, 'medium.physical')));

      await page.getByRole('button', { name: say(lang, 'unbindLabel', { card: masked(1 + i) }) }).click();
      const dialog = page.getByRole('dialog', { name: say(lang, 'unbindTitle') });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: say(lang, 'unbind') }).click();
      await page.getByRole('status').getByText(say(lang, 'unbound', { card: masked(1 + i) })).waitFor();
      await page.getByText(say(lang, 'noCards')).waitFor();
    });

    test(`shows each refusal in the page's language (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      // A bad document number: checked while typing, and refused by the API in the same words.
      await page.getByLabel(say(lang, 'docType')).selectOption('hk-macao-permit');
      await page.getByLabel(say(lang, 'docNumber')).fill('X1234');
      await page.locator('.check.bad').getByText(errorText(lang, 'DOC_HK_MACAO_FORMAT')).waitFor();
      await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
      assert.equal(await alertText(page), errorText(lang, 'DOC_HK_MACAO_FORMAT'));

      // A wrong one-time code.
      await requestCode(page, lang, freshPassport());
      await page.getByLabel(say(lang, 'code'), { exact: true }).fill('000000');
      await page.getByRole('button', { name: say(lang, 'signIn'), exact: true }).click();
      const wrong = await alertText(page);
      assert.ok(wrong === errorText(lang, 'CODE_WRONG') || wrong === errorText(lang, 'CODE_ATTEMPTS_EXCEEDED'), wrong);
      await page.getByRole('button', { name: say(lang, 'otherDocument') }).click();

      await signIn(page, lang, freshPassport());
      const refusals = [
        { number: '1000759999999999', code: 'CARD_NOT_FOUND' },
        { number: card(4), code: 'CARD_LOST' },
        { number: '12345', code: 'CARD_NUMBER_FORMAT' },
        { number: card(7 + i), code: 'AGREEMENT_NOT_ACCEPTED', agree: false },
      ] as const;
      for (const refusal of refusals) {
        await page.goto(`${env.sys.base}/kit#/cards`);
        await upgrade(page, lang, refusal);
        assert.equal(await alertText(page), errorText(lang, refusal.code), refusal.code);
      }
    });

    test(`explains the one-physical-plus-one-NFC limit when it is reached (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await signIn(page, lang, freshPassport());
      await upgrade(page, lang, { number: card(13 + i) });
      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      await upgrade(page, lang, { number: card(31 + i) });
      await page.getByRole('link', { name: say(lang, 'backToCards') }).click();
      await page.getByText(say(lang, 'limitFull')).waitFor();

      await upgrade(page, lang, { number: card(19 + i) });
      const text = await alertText(page);
      assert.ok(text.includes(errorText(lang, 'LIMIT_PHYSICAL_REACHED')), text);
      assert.ok(text.includes(say(lang, 'limitExplained')), text);
      await page.getByRole('alert').getByRole('link', { name: say(lang, 'goToMyCards') }).click();
      await page.getByRole('heading', { level: 2, name: say(lang, 'cardsHeading') }).waitFor();
    });

    test(`changes where codes go with a code to the old contact and one to the new, shown in the demo (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await signIn(page, lang, freshPassport());
      await page.getByRole('link', { name: say(lang, 'menuData') }).click();
      await page.getByText(say(lang, 'codeContact.onFile', { contact: 'v***@example.com' })).waitFor();
      await page.getByRole('link', { name: say(lang, 'codeContact.change') }).click();
      await page.getByRole('heading', { level: 2, name: say(lang, 'codeContact.screen') }).waitFor();

      // A refusal comes from the API in the page's language.
      const phone = page.getByLabel(say(lang, 'phone'), { exact: true });
      await phone.fill('+852 2123 4567');
      await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
      assert.equal(await alertText(page), errorText(lang, 'CONTACT_PHONE_INVALID'));
      await phone.fill(`+852 9123 456${i}`);
      await page.getByRole('button', { name: say(lang, 'sendCode') }).click();

      const oldCode = page.getByLabel(say(lang, 'codeContact.oldCode', { to: 'v***@example.com' }));
      await oldCode.waitFor();
      assert.equal(await oldCode.evaluate((e) => e === document.activeElement), true, 'the first code field has the focus');
      const demo = await page.locator('.demo').allTextContents();
      const codeTo = (to: string) => /\d{6}/.exec(demo.find((line) => line.includes(to)) ?? '')?.[0] ?? '';
      const newMasked = `+852 ****456${i}`;
      await oldCode.fill(codeTo('v***@example.com'));
      const newCode = page.getByLabel(say(lang, 'codeContact.newCode', { to: newMasked }));
      await newCode.fill(codeTo(newMasked) === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: say(lang, 'codeContact.confirm') }).click();
      assert.equal(await alertText(page), errorText(lang, 'CODE_WRONG'));

      await newCode.fill(codeTo(newMasked));
      await page.getByRole('button', { name: say(lang, 'codeContact.confirm') }).click();
      await page.getByRole('status').getByText(say(lang, 'codeContact.changed', { to: newMasked })).waitFor();
      await page.getByRole('heading', { level: 2, name: say(lang, 'dataHeading') }).waitFor();
      await page.getByText(say(lang, 'codeContact.onFile', { contact: newMasked })).waitFor();
    });

    test(`shows the issuing-state field for a passport only (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      const state = page.getByLabel(say(lang, 'docState'));
      await page.getByLabel(say(lang, 'docType')).selectOption('hk-macao-permit');
      assert.equal(await state.isVisible(), false);
      await page.getByLabel(say(lang, 'docType')).selectOption('passport');
      assert.equal(await state.isVisible(), true);
      await page.getByLabel(say(lang, 'docType')).selectOption('taiwan-permit');
      assert.equal(await state.isVisible(), false);
    });

    test(`tells a residence-permit holder to use the Yikatong app (${lang})`, async () => {
      const page = await open(env, '/kit', lang);
      await page.getByLabel(say(lang, 'docType')).selectOption('residence-permit');
      await page.getByText(errorText(lang, 'WRONG_CHANNEL_USE_APP')).waitFor();
      assert.equal(await page.getByRole('link', { name: say(lang, 'goToApp') }).getAttribute('href'), '/app');
      // Pressed anyway, the API gives the same answer.
      await page.getByLabel(say(lang, 'docNumber')).fill(RESIDENCE_PERMIT);
      await page.getByRole('button', { name: say(lang, 'sendCode') }).click();
      assert.equal(await alertText(page), errorText(lang, 'WRONG_CHANNEL_USE_APP'));
    });
  }

  test('remembers the language switch across a reload and sets <html lang>', async () => {
    const page = await open(env, '/kit', 'zh');
    await page.getByRole('heading', { level: 2, name: say('zh', 'signInHeading') }).waitFor();
    await page.getByRole('button', { name: SWITCH_TO.zh }).click();
    await page.getByRole('heading', { level: 2, name: say('en', 'signInHeading') }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.reload();
    await page.getByRole('heading', { level: 2, name: say('en', 'signInHeading') }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: SWITCH_TO.en }).click();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: say('zh', 'signInHeading') }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  });

  test('asks a first sign-in where codes go, sends the code to that e-mail, and does not ask again', async () => {
    const page = await open(env, '/kit', 'en');
    const doc = freshPassport();
    await page.getByLabel(say('en', 'docType')).selectOption(doc.type);
    await page.getByLabel(say('en', 'docNumber')).fill(doc.number);
    await page.getByLabel(say('en', 'docState')).fill(doc.state!);
    await page.getByRole('button', { name: say('en', 'sendCode') }).click();

    await page.getByText(say('en', 'contactFirstTime')).waitFor();
    await page.getByRole('radio', { name: say('en', 'contact.email'), exact: true }).check();
    const email = page.getByLabel(say('en', 'email'), { exact: true });
    assert.deepEqual(await email.evaluate((e: HTMLInputElement) => [e.type, e.autocomplete]), ['email', 'email']);
    await page.getByRole('radio', { name: say('en', 'contact.phone'), exact: true }).check();
    assert.deepEqual(await page.getByLabel(say('en', 'phone'), { exact: true }).evaluate((e: HTMLInputElement) => [e.type, e.autocomplete]), ['tel', 'tel']);
    await page.getByRole('radio', { name: say('en', 'contact.email'), exact: true }).check();
    await page.getByLabel(say('en', 'email'), { exact: true }).fill('First.Visit@Example.com');
    await screenshot(page, 'kit-first-sign-in-contact-en');
    await page.getByRole('button', { name: say('en', 'sendCode') }).click();

    // Read once the page says the code went: the click returns before the request is answered, and until then
    // the newest code in the shared outbox can be another test's.
    await page.getByText(`A one-time code was sent to F***@example.com`).waitFor();
    const sent = env.sys.outbox.recent()[0]!;
    assert.deepEqual([sent.to, sent.via], ['F***@example.com', 'email']);
    await page.getByLabel(say('en', 'code'), { exact: true }).fill(sent.code);
    await page.getByRole('button', { name: say('en', 'signIn'), exact: true }).click();
    await page.getByRole('heading', { level: 2, name: say('en', 'cardsHeading') }).waitFor();

    await page.getByRole('button', { name: say('en', 'signOut') }).click();
    await page.getByRole('heading', { level: 2, name: say('en', 'signInHeading') }).waitFor();
    await page.getByLabel(say('en', 'docNumber')).fill(doc.number);
    await page.getByLabel(say('en', 'docState')).fill(doc.state!);
    await page.getByRole('button', { name: say('en', 'sendCode') }).click();
    await page.locator('#code-input').waitFor();
    assert.equal(await page.locator('input[name=contact-kind]').count(), 0, 'the second sign-in does not ask for a contact');
    await page.getByText(`A one-time code was sent to F***@example.com`).waitFor();
    await page.getByLabel(say('en', 'code'), { exact: true }).fill(env.sys.outbox.recent()[0]!.code);
    await page.getByRole('button', { name: say('en', 'signIn'), exact: true }).click();
    await page.getByRole('heading', { level: 2, name: say('en', 'cardsHeading') }).waitFor();
  });

  test('says honestly that a code is on its way when its first try does not get through, and the retried code signs in', async () => {
    const page = await open(env, '/kit', 'en');
    const doc = freshPassport();
    const demo = env.sys.ctx.notifier;
    // The first try goes to an SMTP port where nothing listens; the worker's retry to the demo outbox.
    env.sys.ctx.notifier = deliveryNotifier({ mail: { url: `smtp://127.0.0.1:${await freePort()}`, from: '96066@bmac.com.cn' }, sms: undefined, sendTimeoutMs: 5_000 })!;
    try {
      await page.getByLabel(say('en', 'docType')).selectOption(doc.type);
      await page.getByLabel(say('en', 'docNumber')).fill(doc.number);
      await page.getByLabel(say('en', 'docState')).fill(doc.state!);
      await page.getByRole('button', { name: say('en', 'sendCode') }).click();
      await page.getByRole('radio', { name: say('en', 'contact.email'), exact: true }).check();
      await page.getByLabel(say('en', 'email'), { exact: true }).fill('slow.mail@example.com');
      await page.getByRole('button', { name: say('en', 'sendCode') }).click();
      await page.getByText(/^A one-time code is on its way to s\*\*\*@example\.com but is taking longer than usual/).waitFor();
    } finally {
      env.sys.ctx.notifier = demo;
    }
    await screenshot(page, 'kit-code-queued-en');
    const codes = env.sys.outbox.recent().length;
    env.sys.advance(10_000);
    await waitFor(() => env.sys.outbox.recent().length > codes);
    await page.getByLabel(say('en', 'code'), { exact: true }).fill(env.sys.outbox.recent()[0]!.code);
    await page.getByRole('button', { name: say('en', 'signIn'), exact: true }).click();
    await page.getByRole('heading', { level: 2, name: say('en', 'cardsHeading') }).waitFor();
  });

  test('keeps what was typed and re-words an error when the language is switched', async () => {
    const page = await open(env, '/kit', 'en');
    await signIn(page, 'en', freshPassport());
    await upgrade(page, 'en', { number: '1000759999999998' });
    assert.equal(await alertText(page), errorText('en', 'CARD_NOT_FOUND'));
    await page.getByRole('button', { name: SWITCH_TO.en }).click();
    assert.equal(await alertText(page), errorText('zh', 'CARD_NOT_FOUND'));
    assert.equal(await page.getByLabel(say('zh', 'cardNumber')).inputValue(), '1000759999999998');
  });

  test('exports my data as a JSON file and deletes my account after a confirmation', async () => {
    const page = await open(env, '/kit', 'en');
    const doc = freshPassport();
    await signIn(page, 'en', doc);
    await upgrade(page, 'en', { number: card(25) });
    await page.getByRole('link', { name: say('en', 'backToCards') }).click();
    await page.getByRole('link', { name: say('en', 'menuData') }).click();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: say('en', 'exportButton') }).click();
    const file = await (await download).path();
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(data.person.documentNumber, doc.number);
    assert.equal(data.bindings.length, 1);

    await page.getByRole('button', { name: say('en', 'deleteButton') }).click();
    const dialog = page.getByRole('dialog', { name: say('en', 'deleteTitle') });
    await dialog.getByRole('button', { name: say('en', 'cancel') }).click();
    await page.getByRole('heading', { level: 2, name: say('en', 'dataHeading') }).waitFor();
    await page.getByRole('button', { name: say('en', 'deleteButton') }).click();
    await dialog.getByRole('button', { name: say('en', 'deleteButton') }).click();
    await page.getByRole('status').getByText(say('en', 'deletedOne')).waitFor();
    await page.getByRole('heading', { level: 2, name: say('en', 'signInHeading') }).waitFor();
  });
});
