// Upgrade a card: the number (with where it is printed), the User Service Agreement in full with its
// version, the tick, 立即升级 / Upgrade now. Whether it is a physical or a phone NFC card is not asked: the
// card's master data says (an import refuses a card without it), and the server takes it from there.
import { checkCardNumber, normalizeCardNumber } from '../../../domain/cards.ts';
import { errorEntry } from '../../../domain/errors.ts';
import { ApiError } from '../../shared/api.ts';
import { h } from '../../shared/dom.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime } from '../format.ts';

export const upgradeScreen: Screen = {
  title: 'upgradeCard',
  needs: 'session',
  back: () => 'cards',
  load: async (app) => {
    app.agreement = await app.api.agreement();
  },
  render: (app) => {
    const form = app.upgradeForm;
    const agreement = app.agreement;
    const numberInput = h('input', {
      type: 'text', id: 'card-number', value: form.cardNumber, inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': 'card-hint card-check',
      oninput: () => { form.cardNumber = numberInput.value; check(false); },
      onblur: () => check(true),
    });
    const numberCheck = h('p', { class: 'check', id: 'card-check' });
    function check(touched: boolean): void {
      const number = normalizeCardNumber(form.cardNumber);
      const problem = number === '' ? null : checkCardNumber(number);
      numberCheck.textContent = number === '' ? '' : problem ? app.text(errorEntry(problem)) : app.t('cardLooksRight');
      numberCheck.className = `check${number === '' ? '' : problem ? ' bad' : ' good'}`;
      if (number === '') numberInput.removeAttribute('aria-invalid');
      else if (!problem || touched || numberInput.getAttribute('aria-invalid') === 'true') numberInput.setAttribute('aria-invalid', String(problem !== null));
    }
    check(false);

    const agree = h('input', { type: 'checkbox', id: 'agree', checked: form.agreed, onchange: () => { form.agreed = agree.checked; } });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('upgradeNow'));

    return [h('form', { novalidate: true, onsubmit: (event: Event) => {
      event.preventDefault();
      void submitUpgrade(app, submit);
    } },
      h('div', { class: 'group' },
        h('div', { class: 'field' },
          h('label', { for: 'card-number' }, app.t('cardNumber')),
          h('p', { class: 'hint', id: 'card-hint' }, app.t('cardNumberHint')),
          numberInput,
          numberCheck)),
      h('div', { class: 'group' },
        h('div', { class: 'cell' },
          h('h3', { id: 'agreement-title' }, app.t('agreementTitle')),
          agreement ? h('p', { class: 'muted' }, app.t('agreementVersion', { version: agreement.version, date: beijingTime(app, agreement.publishedAt) })) : null),
        // Focusable so that keyboard users can scroll it; the heading above names it.
        agreement ? h('div', { class: 'agreement-text', tabindex: '0', role: 'region', 'aria-labelledby': 'agreement-title' }, app.text(agreement)) : null,
        h('div', { class: 'cell' }, h('label', { class: 'choice', for: 'agree' }, agree, h('span', null, app.t('agree'))))),
      submit)];
  },
};

async function submitUpgrade(app: App, submit: HTMLElement): Promise<void> {
  const form = app.upgradeForm;
  await app.busy(submit, async () => {
    try {
      // Not ticked is sent as null: the API answers AGREEMENT_NOT_ACCEPTED in both languages.
      const agreementVersion = form.agreed && app.agreement ? app.agreement.version : null;
      const { card } = await app.api.upgrade(app.session!.token, { cardNumber: form.cardNumber, agreementVersion });
      app.lastUpgraded = card;
      app.cards = null;
      app.upgradeForm = { cardNumber: '', agreed: false };
      app.go('done');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'AGREEMENT_OUTDATED') {
        // A new version was published while the page was open: show it, untick, and say why.
        app.agreement = await app.api.agreement();
        form.agreed = false;
        app.render();
      }
      const limit = error.code === 'LIMIT_PHYSICAL_REACHED' || error.code === 'LIMIT_NFC_REACHED';
      app.fail(error, limit ? { more: 'limitExplained', action: { label: 'goToMyCards', route: 'cards' } } : {});
    }
  });
}
