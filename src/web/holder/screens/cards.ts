// My upgraded cards: the masked number, physical or NFC, since when; unbind (解除绑定) with a confirmation;
// the one-physical-plus-one-NFC rule; the menu to the other screens.
import { DOCUMENT_LABELS, isDocumentType } from '../../../domain/documents.ts';
import { confirmDialog } from '../../shared/dialog.ts';
import { h } from '../../shared/dom.ts';
import type { Binding } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime, mediumName, productName } from '../format.ts';

/** Loads the holder's cards unless they are already known; other screens call it too. */
export async function loadCards(app: App): Promise<Binding[]> {
  if (!app.cards) app.cards = (await app.api.cards(app.session!.token)).cards;
  return app.cards;
}

export const cardsScreen: Screen = {
  title: 'cardsHeading',
  needs: 'session',
  load: async (app) => {
    app.cards = null;
    await loadCards(app);
  },
  render: (app) => {
    const cards = app.cards ?? [];
    const person = app.session!.person;
    const docName = isDocumentType(person.docType) ? DOCUMENT_LABELS[person.docType][app.lang] : person.docType;
    const full = cards.some((c) => c.medium === 'physical') && cards.some((c) => c.medium === 'nfc');
    const signOut = h('button', { type: 'button', class: 'link-btn', onclick: () => void app.busy(signOut, () => signOutNow(app)) }, app.t('signOut'));
    return [
      h('p', { class: 'muted' }, app.t('signedInAs', { doc: docName, masked: person.docMasked ?? '' }), ' ', signOut),
      cards.length === 0
        ? h('div', { class: 'group' }, h('p', { class: 'cell' }, app.t('noCards')))
        : h('ul', { class: 'group plain', id: 'card-list' }, cards.map((card) => cardCell(app, card))),
      h('p', { class: 'muted' }, app.t(full ? 'limitFull' : 'limitRule')),
      h('a', { class: 'btn btn-primary', href: '#/upgrade' }, app.t('upgradeCard')),
      h('nav', { class: 'group', 'aria-label': app.t('cardsHeading') },
        h('a', { class: 'cell-link', href: '#/taps' }, app.t('menuTaps')),
        h('a', { class: 'cell-link', href: '#/notices' }, app.t('menuNotices')),
        h('a', { class: 'cell-link', href: '#/data' }, app.t('menuData')),
        h('a', { class: 'cell-link', href: '#/help' }, app.t('menuHelp'))),
    ];
  },
};

function cardCell(app: App, card: Binding): HTMLElement {
  const unbind = h(
    'button',
    { type: 'button', class: 'btn btn-warn btn-small', 'aria-label': app.t('unbindLabel', { card: card.card }), onclick: () => void unbindCard(app, card, unbind) },
    app.t('unbind'),
  );
  const state = card.cardState === 'lost' || card.cardState === 'refunded' || card.cardState === 'blocked' ? card.cardState : null;
  return h(
    'li',
    { class: 'cell card' },
    h('span', { class: 'card-number' }, card.card),
    h('span', null, h('span', { class: 'badge' }, mediumName(app, card.medium)), productName(app, card.product), state ? h('span', { class: 'badge badge-warn' }, app.t(`cardState.${state}`)) : null),
    h('span', { class: 'muted' }, app.t('since', { time: beijingTime(app, card.since) })),
    h('span', { class: 'card-actions' }, unbind),
  );
}

async function unbindCard(app: App, card: Binding, button: HTMLElement): Promise<void> {
  const confirmed = await confirmDialog({
    title: app.t('unbindTitle'),
    body: app.t('unbindBody', { card: card.card }),
    confirm: app.t('unbind'),
    cancel: app.t('cancel'),
    danger: true,
  });
  if (!confirmed) return;
  await app.busy(button, async () => {
    await app.api.unbind(app.session!.token, card.id);
    app.cards = null;
    await loadCards(app);
    app.render(true);
    app.say('unbound', { card: card.card });
  });
}

async function signOutNow(app: App): Promise<void> {
  const token = app.session!.token;
  app.setSession(null);
  // Signing out locally always works; the server call only ends the session sooner than its expiry.
  await app.api.logout(token).catch(() => undefined);
  app.go('signin', { kind: 'ok', text: { key: 'signedOut' } });
}
