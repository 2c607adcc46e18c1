// /staff — station staff: look a card up, see its upgrade and recent taps, and record a manual pass when a
// tap fails (the seed: a card not upgraded still rides once the holder shows a valid health code).
import { DECISIONS, describeDecision } from '../../../domain/decisions.ts';
import { h, replace, uid, type Child } from '../../shared/dom.ts';
import type { Bilingual } from '../../shared/i18n.ts';
import type { Desk, DeskPage } from '../desk.ts';
import { beijingTime } from '../format.ts';
import { cardFacts, lookupForm, type CardView } from './card.ts';

const REASONS = ['health-code-shown', 'reader-fault', 'card-unreadable', 'list-stale', 'other'] as const;
type Reason = (typeof REASONS)[number];
/** No reason is chosen for staff: each pass is a deliberate choice, and the form starts empty after one. */
const NO_ASSIST = () => ({ reason: null as Reason | null, shown: '', note: '' });

interface Tap {
  at: string;
  terminalId: string;
  decision: string;
  text: Bilingual | null;
  online: boolean;
  assisted: boolean;
  annulled: boolean;
}

type Lookup = CardView & { taps: Tap[] };
interface Post { post: { code: string; name: Bilingual } | null }

const state = {
  form: { cardNumber: '' },
  post: null as Post | null,
  found: null as Lookup | null,
  /** The number the shown card was looked up by: an assist is for that card, whatever is typed since. */
  number: '',
  assist: NO_ASSIST(),
};

/** Where the looked-up card shows, so a new lookup can take the last card off the screen at once. */
const cardArea = h('div');

function replaceIn(area: HTMLElement, child: Child): HTMLElement {
  replace(area, child);
  return area;
}

export const stationPage: DeskPage = {
  title: 'stationHeading',
  load: async (desk) => {
    state.post = await desk.api.get<Post>('/api/v1/staff/post');
  },
  render: (desk) => {
    const post = state.post?.post;
    return [
      // Chinese sentences follow each other without a space.
      h('p', { class: 'muted' }, desk.t('stationIntro'), desk.lang === 'zh' ? '' : ' ', post ? desk.t('post', { post: desk.text(post.name) }) : desk.t('noPost')),
      lookupForm(desk, state.form, 'lookUp', async () => {
        // Whatever this lookup answers, the last card must not stay under it: staff would act on the wrong card.
        state.found = null;
        state.assist = NO_ASSIST();
        cardArea.replaceChildren();
        state.found = await desk.api.post<Lookup>('/api/v1/staff/cards/lookup', { cardNumber: state.form.cardNumber });
        state.number = state.form.cardNumber;
        desk.render();
      }),
      replaceIn(cardArea, state.found ? h('div', { class: 'desk-columns' }, h('div', null, cardFacts(desk, state.found, { money: false }), assistForm(desk, state.found)), tapsTable(desk, state.found.taps)) : null),
    ];
  },
};

function assistForm(desk: Desk, found: Lookup): HTMLElement {
  const form = state.assist;
  if (found.state !== 'active') return h('section', { class: 'panel' }, h('h2', null, desk.t('assistHeading')), h('p', null, desk.t('assistNotActive')));
  const ids = { shown: uid('shown'), note: uid('note'), noteHint: uid('note-hint') };
  const shown = h(
    'select',
    { id: ids.shown, onchange: () => (form.shown = shown.value) },
    h('option', { value: '', selected: form.shown === '' }, desk.t('shownNone')),
    DECISIONS.filter((d) => d !== 'PASS').map((d) => h('option', { value: d, selected: form.shown === d }, describeDecision(d)[desk.lang])),
  );
  const note = h('input', { type: 'text', id: ids.note, value: form.note, maxlength: 200, 'aria-describedby': ids.noteHint, oninput: () => (form.note = note.value) });
  // The second click of a double click (detail 2) lands on the form drawn after the first pass: ignore it.
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', onclick: (event: Event) => (event as MouseEvent).detail > 1 && event.preventDefault() }, desk.t('assistRecord'));
  const firstReason = uid('reason');
  return h(
    'form',
    { class: 'panel desk-form', 'aria-labelledby': 'assist-heading', onsubmit: (event: Event) => {
      event.preventDefault();
      if (form.reason === null) {
        desk.setNotice({ kind: 'error', text: { key: 'assistReasonMissing' } });
        document.getElementById(firstReason)?.focus();
        return;
      }
      const reason = form.reason;
      void desk.busy(submit, async () => {
        const done = await desk.api.post<{ tap: Tap; card: CardView; taps: Tap[] }>('/api/v1/staff/assists', {
          cardNumber: state.number, reason, shown: form.shown || null, note: form.note,
        });
        state.found = { ...done.card, taps: done.taps };
        state.assist = NO_ASSIST();
        desk.render();
        desk.say('assistDone', { card: done.card.card, time: beijingTime(desk, done.tap.at) });
      });
    } },
    h('h2', { id: 'assist-heading' }, desk.t('assistHeading')),
    h('fieldset', null, h('legend', null, desk.t('assistReason')),
      REASONS.map((reason, i) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'assist-reason', value: reason, id: i === 0 ? firstReason : null, checked: form.reason === reason, onchange: () => (form.reason = reason) }),
        desk.t(`reason.${reason}`)))),
    h('div', { class: 'field' }, h('label', { for: ids.shown }, desk.t('assistShown')), shown),
    h('div', { class: 'field' }, h('label', { for: ids.note }, desk.t('assistNote')), h('p', { class: 'hint', id: ids.noteHint }, desk.t('assistNoteHint')), note),
    submit,
  );
}

const COLUMNS = ['tapTime', 'tapTerminal', 'tapDecision', 'tapFlags'] as const;

function tapsTable(desk: Desk, taps: Tap[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'taps-heading' },
    h('h2', { id: 'taps-heading' }, desk.t('tapsHeading')),
    taps.length === 0
      ? h('p', null, desk.t('noTaps'))
      : h('table', { class: 'desk-table desk-stack', id: 'taps' },
          h('thead', null, h('tr', null, COLUMNS.map((k) => h('th', { scope: 'col' }, desk.t(k))))),
          // data-label: on a phone each tap is a block of labelled lines (desk.css), not four narrow columns.
          h('tbody', null, taps.map((tap) => h('tr', { class: tap.assisted ? 'assisted' : null },
            [
              beijingTime(desk, tap.at),
              tap.terminalId,
              tap.text ? desk.text(tap.text) : tap.decision,
              [tap.assisted && desk.t('assisted'), tap.online && desk.t('online'), tap.annulled && desk.t('annulled')].filter(Boolean).join(' · '),
            ].map((text, i) => h('td', { 'data-label': desk.t(COLUMNS[i]!) }, text)))))),
  );
}
