// /staff — station staff: look a card up, see its upgrade and recent taps, and record a manual pass when a
// tap fails (the seed: a card not upgraded still rides once the holder shows a valid health code).
import { DECISIONS, describeDecision } from '../../../domain/decisions.ts';
import { h, uid } from '../../shared/dom.ts';
import type { Bilingual } from '../../shared/i18n.ts';
import type { Desk, DeskPage } from '../desk.ts';
import { beijingTime } from '../format.ts';
import { cardFacts, lookupForm, type CardView } from './card.ts';

const REASONS = ['health-code-shown', 'reader-fault', 'card-unreadable', 'list-stale', 'other'] as const;

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
  assist: { reason: 'health-code-shown' as (typeof REASONS)[number], shown: '', note: '' },
};

export const stationPage: DeskPage = {
  title: 'stationHeading',
  load: async (desk) => {
    state.post = await desk.api.get<Post>('/api/v1/staff/post');
  },
  render: (desk) => {
    const post = state.post?.post;
    return [
      h('p', { class: 'muted' }, desk.t('stationIntro'), ' ', post ? desk.t('post', { post: desk.text(post.name) }) : desk.t('noPost')),
      lookupForm(desk, state.form, 'lookUp', async () => {
        state.found = await desk.api.post<Lookup>('/api/v1/staff/cards/lookup', { cardNumber: state.form.cardNumber });
        state.number = state.form.cardNumber;
        desk.render();
      }),
      state.found ? h('div', { class: 'desk-columns' }, h('div', null, cardFacts(desk, state.found, { money: false }), assistForm(desk, state.found)), tapsTable(desk, state.found.taps)) : null,
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
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, desk.t('assistRecord'));
  return h(
    'form',
    { class: 'panel desk-form', 'aria-labelledby': 'assist-heading', onsubmit: (event: Event) => {
      event.preventDefault();
      void desk.busy(submit, async () => {
        const done = await desk.api.post<{ tap: Tap; card: CardView; taps: Tap[] }>('/api/v1/staff/assists', {
          cardNumber: state.number, reason: form.reason, shown: form.shown || null, note: form.note,
        });
        state.found = { ...done.card, taps: done.taps };
        state.assist = { reason: 'health-code-shown', shown: '', note: '' };
        desk.render();
        desk.say('assistDone', { card: done.card.card, time: beijingTime(desk, done.tap.at) });
      });
    } },
    h('h2', { id: 'assist-heading' }, desk.t('assistHeading')),
    h('fieldset', null, h('legend', null, desk.t('assistReason')),
      REASONS.map((reason) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'assist-reason', value: reason, checked: form.reason === reason, onchange: () => (form.reason = reason) }),
        desk.t(`reason.${reason}`)))),
    h('div', { class: 'field' }, h('label', { for: ids.shown }, desk.t('assistShown')), shown),
    h('div', { class: 'field' }, h('label', { for: ids.note }, desk.t('assistNote')), h('p', { class: 'hint', id: ids.noteHint }, desk.t('assistNoteHint')), note),
    submit,
  );
}

function tapsTable(desk: Desk, taps: Tap[]): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'taps-heading' },
    h('h2', { id: 'taps-heading' }, desk.t('tapsHeading')),
    taps.length === 0
      ? h('p', null, desk.t('noTaps'))
      : h('table', { class: 'desk-table', id: 'taps' },
          h('thead', null, h('tr', null, ['tapTime', 'tapTerminal', 'tapDecision', 'tapFlags'].map((k) => h('th', { scope: 'col' }, desk.t(k as 'tapTime'))))),
          h('tbody', null, taps.map((tap) => h('tr', { class: tap.assisted ? 'assisted' : null },
            h('td', null, beijingTime(desk, tap.at)),
            h('td', null, tap.terminalId),
            h('td', null, tap.text ? desk.text(tap.text) : tap.decision),
            h('td', null, [tap.assisted && desk.t('assisted'), tap.online && desk.t('online'), tap.annulled && desk.t('annulled')].filter(Boolean).join(' · ')))))),
  );
}
