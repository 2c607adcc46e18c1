// My upgraded cards: each card with its live status (passes until when, or why not, and the reminder), the
// cards someone else's action ended (a refund, customer service) with what happened and when, unbind
// (解除绑定) with a confirmation, the one-physical-plus-one-NFC rule and the menu to the other screens.
// A failed load shows the App's failed state (with a retry), never "no cards".
import { DOCUMENT_LABELS, isDocumentType } from '../../../domain/documents.ts';
import { confirmDialog } from '../../shared/dialog.ts';
import { h } from '../../shared/dom.ts';
import type { Binding } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime, cardKind } from '../format.ts';
import { cardStatusLine, endedLine, reminderLine } from './card-status.ts';

/** Loads the holder's cards unless they are already known; other screens call it too. */
export async function loadCards(app: App): Promise<Binding[]> {
  if (!app.cards) {
    const mine = await app.api.cards(app.session!.token);
    app.endedCards = mine.ended;
    app.reminders = mine.reminders;
    app.cards = mine.cards;
  }
  return app.cards;
}

/** Loads the cards afresh. */
async function reloadCards(app: App): Promise<void> {
  app.cards = null;
  await loadCards(app);
}

export const cardsScreen: Screen = {
  title: 'cardsHeading',
  needs: 'session',
  load: reloadCards,
  failed: 'cardsFailed',
  render: cardList,
  frame: (app, body) => {
    const person = app.session!.person;
    const docName = isDocumentType(person.docType) ? DOCUMENT_LABELS[person.docType][app.lang] : person.docType;
    const signOut = h('button', { type: 'button', class: 'link-btn', onclick: () => void app.busy(signOut, () => signOutNow(app)) }, app.t('signOut'));
    return [
      h('p', { class: 'muted' }, app.t('signedInAs', { doc: docName, masked: person.docMasked ?? '' }), ' ', signOut),
      ...body,
      h('a', { class: 'btn btn-primary', href: '#/upgrade' }, app.t('upgradeCard')),
      h('nav', { class: 'group', 'aria-label': app.t('cardsHeading') },
        h('a', { class: 'cell-link', href: '#/taps' }, app.t('menuTaps')),
        h('a', { class: 'cell-link', href: '#/notices' }, app.t('menuNotices')),
        h('a', { class: 'cell-link', href: '#/data' }, app.t('menuData')),
        h('a', { class: 'cell-link', href: '#/help' }, app.t('menuHelp'))),
    ];
  },
};

/** The list: empty, or the cards and the ended ones. */
function cardList(app: App): Node[] {
  const cards = app.cards ?? [];
  const ended = app.endedCards;
  const full = cards.some((c) => c.medium === 'physical') && cards.some((c) => c.medium === 'nfc');
  const nodes: Array<HTMLElement | null> = [
    cards.length === 0
      ? h('div', { class: 'group', id: 'cards-empty' }, h('p', { class: 'cell' }, app.t('noCards')))
      : h('ul', { class: 'group plain', id: 'card-list' }, cards.map((card) => cardCell(app, card))),
    ended.length === 0 ? null : h('h3', { class: 'section-title', id: 'ended-title' }, app.t('endedHeading')),
    ended.length === 0 ? null : h('ul', { class: 'group plain', id: 'ended-list', 'aria-labelledby': 'ended-title' }, ended.map((card) => endedCell(app, card))),
    h('p', { class: 'muted' }, app.t(full ? 'limitFull' : 'limitRule')),
  ];
  return nodes.filter((node): node is HTMLElement => node !== null);
}

function cardCell(app: App, card: Binding): HTMLElement {
  const unbind = h(
    'button',
    { type: 'button', class: 'btn btn-warn btn-small', 'aria-label': app.t('unbindLabel', { card: card.card }), onclick: () => void unbindCard(app, card, unbind) },
    app.t('unbind'),
  );
  const status = cardStatusLine(app, card);
  return h(
    'li',
    { class: 'cell card', 'data-status': card.status?.kind ?? '' },
    h('span', { class: 'card-number' }, card.card),
    h('span', null, h('span', { class: 'badge' }, cardKind(app, card))),
    status,
    reminderLine(app, card),
    h('span', { class: 'muted' }, app.t('since', { time: beijingTime(app, card.since) })),
    h('span', { class: 'card-actions' }, unbind),
  );
}

function endedCell(app: App, card: Binding): HTMLElement {
  return h(
    'li',
    { class: 'cell card', 'data-ended': card.endReason ?? '' },
    h('span', { class: 'card-number' }, card.card),
    h('span', null, h('span', { class: 'badge badge-warn' }, cardKind(app, card))),
    h('p', { class: 'status status-bad' }, endedLine(app, card)),
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
    await reloadCards(app);
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
