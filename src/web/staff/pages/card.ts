// What the desks show about a card, shared by /staff and /outlet: the lookup form and the card's facts
// (masked number, product, state, upgrade, masked holder document, what gates decide).
import { DOCUMENT_LABELS, isDocumentType } from '../../../domain/documents.ts';
import { h, uid } from '../../shared/dom.ts';
import type { Bilingual } from '../../shared/i18n.ts';
import type { Desk } from '../desk.ts';
import { beijingTime, facts, productName, tKey, yuan } from '../format.ts';

/** A card as the desk routes answer (src/http/staff.ts cardView). */
export interface CardView {
  card: string;
  medium: 'physical' | 'nfc';
  product: string;
  state: string;
  depositFen: number;
  balanceFen: number;
  decision: string;
  decisionText: Bilingual;
  passUntil: string | null;
  binding: { channel: string; since: string; agreementVersion: number } | null;
  holder: { docType: string; docMasked: string | null } | null;
}

/** The card-number field; `extra` adds controls (the outlet's damaged / unreadable ticks) before the button. */
export function lookupForm(desk: Desk, form: { cardNumber: string }, label: 'lookUp' | 'computeRefund', submit: () => Promise<void>, extra: Node[] = []): HTMLElement {
  const ids = { number: uid('card-number'), hint: uid('card-hint') };
  const input = h('input', {
    type: 'text', id: ids.number, value: form.cardNumber, inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': ids.hint, required: true,
    oninput: () => (form.cardNumber = input.value),
  });
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, desk.t(label));
  return h(
    'form',
    { class: 'desk-form desk-lookup', onsubmit: (event: Event) => {
      event.preventDefault();
      void desk.busy(button, submit);
    } },
    h('div', { class: 'field' }, h('label', { for: ids.number }, desk.t('cardNumber')), h('p', { class: 'hint', id: ids.hint }, desk.t('cardNumberHint')), input),
    extra,
    button,
  );
}

export function cardFacts(desk: Desk, view: CardView, options: { money: boolean }): HTMLElement {
  const holder = view.holder
    ? `${isDocumentType(view.holder.docType) ? DOCUMENT_LABELS[view.holder.docType][desk.lang] : view.holder.docType} ${view.holder.docMasked ?? ''}`
    : null;
  const decision = view.decisionText[desk.lang] + (view.passUntil ? ` · ${desk.t('passUntil', { time: beijingTime(desk, view.passUntil) })}` : '');
  const stateBadge = h('span', { class: view.state === 'active' ? 'badge' : 'badge badge-warn' }, tKey(desk, `state.${view.state}`));
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'card-heading' },
    h('h2', { id: 'card-heading' }, desk.t('cardHeading', { card: view.card })),
    facts([
      [desk.t('product'), productName(desk.lang, view.product)],
      [desk.t('medium'), desk.t(view.medium === 'nfc' ? 'medium.nfc' : 'medium.physical')],
      [desk.t('state'), stateBadge],
      [desk.t('upgraded'), view.binding
        ? desk.t('upgradedSince', { time: beijingTime(desk, view.binding.since), channel: tKey(desk, `channel.${view.binding.channel}`) })
        : desk.t('notUpgraded')],
      [desk.t('holder'), holder],
      [desk.t('readerSays'), decision],
      [desk.t('deposit'), options.money ? desk.t('yuan', { amount: yuan(view.depositFen) }) : null],
      [desk.t('balance'), options.money ? desk.t('yuan', { amount: yuan(view.balanceFen) }) : null],
    ]),
  );
}
