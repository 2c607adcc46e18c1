// /staff and /outlet in a real browser at desktop size, in both languages: sign-in, the role's navigation,
// a staff assist, a refund with its receipt, a holder's new contact for codes, expiry back to sign-in;
// axe-core and screenshots on every view.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorEntry } from '../../src/domain/errors.ts';
import { call, signIn } from '../support/system.ts';
import { LANGS, PHONE } from './browser.ts';
import { checkPage, describeOnDesktop, DESKTOP, openDesk, signInAs, t } from './desk.ts';
import { STRAY_SPACE } from './zh-spacing.ts';

const card = (serial: number) => `10007510${String(serial).padStart(8, '0')}`;
const masked = (serial: number) => `1000********${card(serial).slice(-4)}`;

describeOnDesktop('the desktop staff pages (/staff, /outlet)', (env) => {
  for (const [i, lang] of LANGS.entries()) {
    test(`station staff look a card up and record a manual pass (${lang})`, async () => {
      const page = await openDesk(env, '/staff', lang, null);
      await checkPage(page, `desk-signin-${lang}`);
      await signInAs(page, lang, 'staff');
      assert.equal(await page.getAttribute('html', 'lang'), lang === 'zh' ? 'zh-CN' : 'en');
      await page.getByRole('navigation').getByRole('link', { name: t(lang, 'page.staff') }).waitFor();
      assert.equal(await page.getByRole('navigation').getByRole('link').count(), 1);
      await page.getByText(t(lang, 'post', { post: lang === 'zh' ? '1号线西单站' : 'Line 1 · Xidan' }), { exact: false }).waitFor();

      const serial = 7 + i;
      await page.getByLabel(t(lang, 'cardNumber')).fill(card(serial));
      await page.getByRole('button', { name: t(lang, 'lookUp') }).click();
      await page.getByRole('heading', { name: t(lang, 'cardHeading', { card: masked(serial) }) }).waitFor();
      await page.getByText(t(lang, 'notUpgraded')).waitFor();
      await page.getByText(t(lang, 'noTaps')).waitFor();
      await checkPage(page, `staff-card-${lang}`);

      await page.getByLabel(t(lang, 'reason.health-code-shown')).check();
      await page.getByLabel(t(lang, 'assistShown')).selectOption('NOT_UPGRADED');
      await page.getByRole('button', { name: t(lang, 'assistRecord') }).click();
      await page.getByRole('status').getByText(masked(serial), { exact: false }).waitFor();
      const row = page.locator('#taps tbody tr').first();
      assert.match((await row.textContent()) ?? '', new RegExp(t(lang, 'assisted')));
      assert.match((await row.textContent()) ?? '', /staff:L1-XIDAN/);
      await checkPage(page, `staff-assisted-${lang}`);

      // Refusals arrive in the page's language from the catalogue.
      await page.getByLabel(t(lang, 'cardNumber')).fill('1000759999999999');
      await page.getByRole('button', { name: t(lang, 'lookUp') }).click();
      await page.getByRole('alert').getByText(errorEntry('CARD_NOT_FOUND')[lang]).waitFor();
    });

    test(`on a 360 px phone, station staff choose a reason, a double click records one pass, and a card not found clears the last one (${lang})`, async () => {
      await env.page.setViewportSize(PHONE);
      try {
        const page = await openDesk(env, '/staff', lang, 'staff');
        const serial = 13 + i;
        const lookUp = async (number: string) => {
          await page.getByLabel(t(lang, 'cardNumber')).fill(number);
          await page.getByRole('button', { name: t(lang, 'lookUp') }).click();
        };
        await lookUp(card(serial));
        const heading = page.getByRole('heading', { name: t(lang, 'cardHeading', { card: masked(serial) }) });
        await heading.waitFor();
        assert.equal(await page.locator('input[name=assist-reason]:checked').count(), 0, 'no reason is chosen for staff');

        const record = page.getByRole('button', { name: t(lang, 'assistRecord') });
        await record.click();
        await page.getByRole('alert').getByText(t(lang, 'assistReasonMissing')).waitFor();
        await page.getByLabel(t(lang, 'reason.health-code-shown')).check();
        // A hurried double click, its second click after the first pass came back.
        await record.dblclick({ delay: 150 });
        await page.getByRole('status').getByText(masked(serial), { exact: false }).waitFor();
        await page.waitForTimeout(300);
        await lookUp(card(serial));
        await page.locator('#taps tbody tr').first().waitFor();
        assert.equal(await page.locator('#taps tbody tr').count(), 1, 'one pass for one double click');

        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `no sideways scrolling at 360 px: ${width}`);
        const narrowest = await page.locator('#taps td').evaluateAll((cells) => Math.min(...cells.map((c) => c.getBoundingClientRect().width)));
        assert.ok(narrowest >= 200, `each tap's cells are wide enough to read: ${narrowest} px`);
        if (lang === 'zh') assert.doesNotMatch(await page.locator('main').innerText(), STRAY_SPACE);
        await checkPage(page, `staff-phone-pass-${lang}`);

        await lookUp('1000759999999999');
        await page.getByRole('alert').getByText(errorEntry('CARD_NOT_FOUND')[lang]).waitFor();
        assert.equal(await heading.count(), 0, 'the previous card is gone');
        assert.equal(await page.locator('#taps').count(), 0);
        assert.equal(await record.count(), 0);
        await checkPage(page, `staff-phone-not-found-${lang}`);
      } finally {
        await env.page.setViewportSize(DESKTOP);
      }
    });

    test(`the refund desk computes a refund, refunds after confirming, and prints a bilingual receipt (${lang})`, async () => {
      const serial = 1 + i;
      // The card is upgraded first: its receipt then also says, in plain words, that the upgrade ended.
      const holder = await signIn(env.sys, 'kit', { type: 'passport', number: `R${String(serial).padStart(7, '0')}`, state: 'GBR' });
      const upgraded = await call(env.sys.base, 'POST', '/api/v1/kit/cards', { cardNumber: card(serial), agreementVersion: 1 }, holder);
      assert.equal(upgraded.status, 201, JSON.stringify(upgraded.body));
      const page = await openDesk(env, '/outlet', lang, 'outlet');
      await checkPage(page, `outlet-desk-${lang}`);
      await page.getByLabel(t(lang, 'cardNumber')).fill(card(serial));
      await page.getByLabel(t(lang, 'damaged')).check();
      await page.getByRole('button', { name: t(lang, 'computeRefund') }).click();
      await page.getByRole('heading', { name: t(lang, 'quoteHeading') }).waitFor();
      await checkPage(page, `outlet-quote-${lang}`);
      const refund = page.getByRole('button', { name: new RegExp(t(lang, 'refundNow', { amount: 'X' }).split('X')[0]!.trim()) });
      await refund.click();
      const dialog = page.getByRole('dialog', { name: t(lang, 'refundConfirmTitle') });
      await dialog.waitFor();
      await checkPage(page, `outlet-confirm-${lang}`);
      await dialog.getByRole('button', { name: t(lang, 'refundConfirm') }).click();

      const receipt = page.getByRole('article', { name: t(lang, 'receiptHeading') });
      await receipt.waitFor();
      const text = (await receipt.textContent()) ?? '';
      for (const l of LANGS) assert.ok(text.includes(t(l, 'receiptTitle')), `receipt title in ${l}`);
      assert.ok(text.includes(masked(serial)));
      assert.ok(text.includes(lang === 'zh' ? '损坏卡费' : 'Damaged card fee'));
      assert.ok(text.includes(t(lang, 'receiptBindingEnded')), 'the receipt says the upgrade ended');
      assert.ok(!/transport card upgrade has been ended/.test(text), 'in plain words');
      await page.getByRole('button', { name: t(lang, 'print') }).waitFor();
      await checkPage(page, `outlet-receipt-${lang}`);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: `artifacts/screenshots/outlet-receipt-print-${lang}.png`, fullPage: true });
      assert.equal(await page.locator('.desk-bar').isVisible(), false);
      await page.emulateMedia({ media: 'screen' });

      const state = await env.sys.ctx.store.cards.findByNumber(card(serial));
      assert.equal(state?.state, 'refunded');
    });

    test(`the outlet desk sets a new contact for codes once the document is checked, read back first (${lang})`, async () => {
      const doc = { type: 'passport', number: `L${String(process.pid).slice(-6)}${i}`, state: 'FRA' };
      const lostPhone = await signIn(env.sys, 'kit', { ...doc, email: 'lost.phone@example.com' });
      const page = await openDesk(env, '/outlet', lang, 'outlet');
      await page.getByRole('link', { name: t(lang, 'task.contact') }).click();
      await page.getByRole('heading', { name: t(lang, 'contactHeading') }).waitFor();
      await page.getByLabel(t(lang, 'docType')).selectOption('passport');
      await page.getByLabel(t(lang, 'docNumber')).fill(doc.number);
      await page.getByLabel(t(lang, 'docState')).fill(doc.state);
      await page.getByLabel(t(lang, 'phone'), { exact: true }).fill(`+852 9123 400${i}`);
      await page.getByRole('button', { name: t(lang, 'setContact') }).click();
      await page.getByRole('alert').getByText(errorEntry('CONTACT_DOCUMENT_NOT_CHECKED')[lang]).waitFor();

      await page.getByLabel(t(lang, 'documentChecked')).check();
      await checkPage(page, `outlet-contact-${lang}`);
      await page.getByRole('button', { name: t(lang, 'setContact') }).click();
      const dialog = page.getByRole('dialog', { name: t(lang, 'contactConfirmTitle') });
      await dialog.getByText(t(lang, 'contactConfirmBody', { contact: `+852 9123 400${i}` })).waitFor();
      await dialog.getByRole('button', { name: t(lang, 'contactConfirm') }).click();
      await page.getByRole('heading', { name: t(lang, 'contactDoneHeading') }).waitFor();
      await page.getByRole('status').getByText(`+852 ****400${i}`, { exact: false }).waitFor();
      await page.getByText(t(lang, 'contactSignInNow')).waitFor();
      await checkPage(page, `outlet-contact-done-${lang}`);
      assert.equal((await call(env.sys.base, 'GET', '/api/v1/kit/cards', undefined, lostPhone)).status, 401, 'the lost phone is signed out');
    });

    test(`a product ordinary outlets cannot refund says where to go (${lang})`, async () => {
      const page = await openDesk(env, '/outlet', lang, 'outlet');
      await page.getByLabel(t(lang, 'cardNumber')).fill(card(19));
      await page.getByRole('button', { name: t(lang, 'computeRefund') }).click();
      await page.getByText(t(lang, 'outcome.GO_ELSEWHERE')).waitFor();
      await page.getByRole('link', { name: t(lang, 'findOutlet') }).waitFor();
      await checkPage(page, `outlet-elsewhere-${lang}`);
    });
  }

  test('a role on another role\'s page is told which pages it may use', async () => {
    const page = await openDesk(env, '/outlet', 'en', 'staff');
    await page.getByText(t('en', 'wrongDesk', { role: t('en', 'role.outlet') })).waitFor();
    await page.getByRole('main').getByRole('link', { name: t('en', 'page.staff') }).waitFor();
    await checkPage(page, 'desk-wrong-role-en');
  });

  test('an expired session goes back to sign-in with the reason, in the page\'s language', async () => {
    const page = await openDesk(env, '/staff', 'zh', 'staff');
    env.sys.advance(11 * 3_600_000);
    try {
      await page.getByLabel(t('zh', 'cardNumber')).fill(card(9));
      await page.getByRole('button', { name: t('zh', 'lookUp') }).click();
      await page.getByRole('heading', { level: 1, name: t('zh', 'signInHeading') }).waitFor();
      await page.getByRole('alert').getByText(errorEntry('SESSION_INVALID').zh).waitFor();
      await checkPage(page, 'desk-expired-zh');
    } finally {
      env.sys.advance(-11 * 3_600_000);
    }
  });

  test('the language switch is remembered across the desk pages', async () => {
    const page = await openDesk(env, '/staff', 'zh', 'staff');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: t('en', 'stationHeading') }).waitFor();
    await page.goto(`${env.sys.base}/staff`);
    await page.getByRole('heading', { level: 1, name: t('en', 'stationHeading') }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  });
});
