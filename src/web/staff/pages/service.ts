// /service — customer service over the ticket API (docs/service-desk.md): the queue with states and time since
// opened; a ticket's thread, a reply in the holder's language, assignment, state changes, the linked card and
// holder (masked), and unbinding at the holder's request after a confirmation; a hotline call typed in by the
// agent (#/new), and linking the holder of an e-mail or hotline ticket once identified.
import { DOCUMENT_LABELS, DOCUMENT_TYPES, isDocumentType } from '../../../domain/documents.ts';
import { TICKET_STATES, TRANSITIONS, type TicketState } from '../../../domain/tickets.ts';
import { confirmDialog } from '../../shared/dialog.ts';
import { h, replace, uid, type Child } from '../../shared/dom.ts';
import { followEvents, throttle } from '../../shared/event-stream.ts';
import { htmlLang } from '../../shared/i18n.ts';
import type { Desk, DeskPage } from '../desk.ts';
import { beijingTime, facts, productName, tKey } from '../format.ts';

interface Ticket {
  id: number;
  source: string;
  state: TicketState;
  subject: string;
  lang: 'zh' | 'en';
  openedAt: string;
  ageMinutes: number;
  assignee: { username: string; displayName: string } | null;
  card: string | null;
  messageCount: number;
}

interface Detail {
  ticket: Ticket;
  holder: {
    docType: string;
    docMasked: string | null;
    erased: boolean;
    bindings: Array<{ id: number; card: string; medium: string; product: string; state: string; since: string }>;
    taps: HolderTap[];
  } | null;
  card: { masked: string; medium: string; product: string; state: string; binding: { id: number; since: string; channel: string } | null } | null;
  contact: { email?: string; phone?: string };
  messages: Array<{ id: number; author: 'holder' | 'agent' | 'system'; agent?: string; body: string; internal: boolean; at: string }>;
}

interface HolderTap {
  card: string;
  at: string;
  line: string | null;
  station: string | null;
  decision: string;
  zh: string;
  en: string;
  assisted: boolean;
  annulled: boolean;
}

/** A card number and/or a document, as typed: what identifies the holder of a hotline or e-mail ticket. */
interface HolderForm {
  cardNumber: string;
  docType: string;
  docNumber: string;
  docState: string;
}

const emptyHolder = (): HolderForm => ({ cardNumber: '', docType: '', docNumber: '', docState: '' });
const emptyHotline = () => ({ subject: '', body: '', lang: 'zh' as 'zh' | 'en', phone: '', email: '', holder: emptyHolder() });

const state = {
  filter: '' as '' | TicketState,
  hotline: emptyHotline(),
  link: emptyHolder(),
  queue: null as { tickets: Ticket[]; counts: Record<string, number> } | null,
  detail: null as Detail | null,
  agents: [] as Array<{ username: string; displayName: string }>,
  reply: { body: '', internal: false, then: '' },
  /** Outlets an in-person check can name, loaded with a ticket. */
  outlets: [] as Array<{ id: string; name: { zh: string; en: string } }>,
  checkedAt: '',
  /** Whether the holder has the ticket open (the stream says so on connecting); null until it has. */
  holderOnline: null as boolean | null,
};

/** The open ticket's live stream (在线客服): which ticket, and how to end it. */
let live: { id: number; stop: () => void } | null = null;
const TYPING_SHOWN_MS = 6000;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

function stopLive(): void {
  live?.stop();
  live = null;
  state.holderOnline = null;
}

// Leaving the ticket ends its stream.
addEventListener('hashchange', () => {
  if (live && location.hash !== `#/ticket/${live.id}`) stopLive();
});

/** Follows the ticket: the holder's messages, typing and presence show as they happen, without a reload. */
function follow(desk: Desk, id: number): void {
  stopLive();
  const here = () => state.detail?.ticket.id === id && desk.route[0] === 'ticket' && Number(desk.route[1]) === id;
  const refresh = async () => {
    const detail = await desk.api.get<Detail>(`${base}/tickets/${id}`);
    if (!here()) return;
    state.detail = detail;
    // Only the conversation is replaced: the reply box keeps its text and focus.
    document.getElementById('thread')?.replaceWith(threadList(desk, detail));
  };
  const stop = followEvents(`${base}/tickets/${id}/events`, desk.token ?? '', {
    onOpen: () => void refresh(),
    onEvent: (name, data) => {
      if (!here()) return stopLive();
      if (name === 'presence') {
        state.holderOnline = (data as { online: boolean }).online;
        const line = document.getElementById('holder-presence');
        if (line) replace(line, presenceText(desk));
      } else if (name === 'typing') showTyping(desk, true);
      else if (name === 'message') {
        showTyping(desk, false);
        void refresh().then(() => desk.say('newHolderMessage'));
      }
    },
  });
  live = { id, stop };
}

const presenceText = (desk: Desk): string => (state.holderOnline === null ? '' : desk.t(state.holderOnline ? 'holderOnline' : 'holderOffline'));

function showTyping(desk: Desk, on: boolean): void {
  const line = document.getElementById('typing');
  if (!line) return;
  clearTimeout(typingTimer);
  replace(line, on ? desk.t('holderTyping') : '');
  if (on) typingTimer = setTimeout(() => replace(line), TYPING_SHOWN_MS);
}

const base = '/api/v1/service';

export const servicePage: DeskPage = {
  title: 'serviceHeading',
  load: async (desk, route) => {
    if (route[0] === 'ticket' && route[1]) {
      const id = Number(route[1]);
      if (state.detail?.ticket.id !== id) {
        state.reply = { body: '', internal: false, then: '' };
        state.link = emptyHolder();
      }
      [state.detail, { agents: state.agents }, { outlets: state.outlets }] = await Promise.all([
        desk.api.get<Detail>(`${base}/tickets/${id}`),
        desk.api.get<{ agents: Array<{ username: string; displayName: string }> }>(`${base}/agents`),
        desk.api.get<{ outlets: Array<{ id: string; name: { zh: string; en: string } }> }>('/api/v1/outlets'),
      ]);
    } else if (route[0] === 'new') {
      state.detail = null;
    } else {
      state.detail = null;
      state.queue = await desk.api.get(`${base}/tickets${state.filter ? `?state=${state.filter}` : ''}`);
    }
  },
  render: (desk, route) => {
    if (route[0] === 'ticket' && state.detail) return ticketView(desk, state.detail);
    if (route[0] === 'new') return hotlineView(desk);
    return queueView(desk);
  },
};

/** Time since opened, e.g. "1 h 35 min". */
function age(desk: Desk, minutes: number): string {
  if (minutes < 60) return desk.t('minutes', { n: minutes });
  if (minutes < 1440) return desk.t('hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return desk.t('days', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
}

/** An erased holder's ticket keeps no subject: it says why. */
const subjectOf = (desk: Desk, t: Ticket): string => t.subject || desk.t('subjectErased');

function queueView(desk: Desk): Child[] {
  const queue = state.queue ?? { tickets: [], counts: {} };
  const id = uid('filter');
  const select = h(
    'select',
    { id, onchange: () => {
      state.filter = select.value as typeof state.filter;
      desk.go('', undefined);
    } },
    h('option', { value: '', selected: state.filter === '' }, desk.t('allActive')),
    TICKET_STATES.map((s) => h('option', { value: s, selected: state.filter === s }, `${desk.t(`ticketState.${s}`)} (${queue.counts[s] ?? 0})`)),
  );
  return [
    h('div', { class: 'desk-actions' }, h('a', { href: '#/new', class: 'btn btn-primary btn-small' }, desk.t('newHotline'))),
    h('h2', null, desk.t('queueHeading')),
    h('div', { class: 'field inline' }, h('label', { for: id }, desk.t('filterState')), select),
    queue.tickets.length === 0
      ? h('p', null, desk.t('noTickets'))
      : h('table', { class: 'desk-table', id: 'queue' },
          h('thead', null, h('tr', null, (['ticketNo', 'subject', 'filterState', 'source', 'lang', 'age', 'assignee', 'linkedCard'] as const).map((k) => h('th', { scope: 'col' }, desk.t(k))))),
          h('tbody', null, queue.tickets.map((t) => h('tr', null,
            h('td', null, h('a', { href: `#/ticket/${t.id}` }, `#${t.id}`)),
            h('td', null, h('a', { href: `#/ticket/${t.id}` }, subjectOf(desk, t))),
            h('td', null, h('span', { class: `badge state-${t.state}` }, tKey(desk, `ticketState.${t.state}`))),
            h('td', null, tKey(desk, `source.${t.source}`)),
            h('td', null, desk.t(`lang.${t.lang}`)),
            h('td', null, age(desk, t.ageMinutes)),
            h('td', null, t.assignee?.displayName ?? desk.t('unassigned')),
            h('td', null, t.card ?? '—'))))),
  ];
}

function ticketView(desk: Desk, detail: Detail): Child[] {
  const t = detail.ticket;
  if (t.state === 'closed') stopLive();
  else if (live?.id !== t.id) follow(desk, t.id);
  const act = (button: HTMLElement, url: string, body: unknown, done: () => void) =>
    void desk.busy(button, async () => {
      state.detail = await desk.api.post<Detail>(`${base}/tickets/${t.id}${url}`, body);
      desk.render();
      done();
    });
  return [
    h('p', null, h('a', { href: '#/' }, `‹ ${desk.t('backToQueue')}`)),
    h('h2', null, desk.t('ticketHeading', { id: t.id, subject: subjectOf(desk, t) })),
    h('p', { class: 'muted' },
      h('span', { class: `badge state-${t.state}` }, tKey(desk, `ticketState.${t.state}`)), ' ',
      tKey(desk, `source.${t.source}`), ' · ', desk.t('lang'), ': ', desk.t(`lang.${t.lang}`), ' · ',
      desk.t('openedAt', { time: beijingTime(desk, t.openedAt) }), ' · ', desk.t('age'), ' ', age(desk, t.ageMinutes)),
    t.state === 'closed' ? null : h('p', { class: 'muted', id: 'holder-presence', 'aria-live': 'polite' }, presenceText(desk)),
    h('div', { class: 'desk-columns' },
      h('div', null, threadPanel(desk, detail), replyForm(desk, detail, act)),
      h('div', null, sidePanel(desk, detail, act), cardPanel(desk, detail), holderPanel(desk, detail), linkForm(desk, detail, act))),
  ];
}

function threadPanel(desk: Desk, detail: Detail): HTMLElement {
  return h('section', { class: 'panel', 'aria-labelledby': 'thread-heading' },
    h('h3', { id: 'thread-heading' }, desk.t('thread')),
    threadList(desk, detail),
    h('p', { class: 'muted', id: 'typing', 'aria-live': 'polite' }));
}

function threadList(desk: Desk, detail: Detail): HTMLElement {
  return h('ol', { class: 'thread plain', id: 'thread' }, detail.messages.map((m) => h('li', { class: `message message-${m.author}${m.internal ? ' internal' : ''}` },
    h('p', { class: 'muted' }, `${m.agent ?? desk.t(`author.${m.author}`)}${m.internal ? ` · ${desk.t('internalNote')}` : ''} · ${beijingTime(desk, m.at)}`),
    h('p', { class: 'message-body', lang: m.author === 'holder' ? htmlLang(detail.ticket.lang) : null }, m.body))));
}

type Act = (button: HTMLElement, url: string, body: unknown, done: () => void) => void;

function replyForm(desk: Desk, detail: Detail, act: Act): HTMLElement | null {
  const t = detail.ticket;
  if (t.state === 'closed') return null;
  const form = state.reply;
  const ids = { body: uid('reply'), hint: uid('reply-hint'), then: uid('then'), internal: uid('internal') };
  // The holder sees "typing…" while the agent writes a reply, not an internal note.
  const typing = throttle(() => void desk.api.post(`${base}/tickets/${t.id}/typing`, {}).catch(() => undefined));
  const body = h('textarea', { id: ids.body, rows: 5, 'aria-describedby': ids.hint, lang: htmlLang(t.lang), required: true, oninput: () => {
    form.body = body.value;
    if (!form.internal) typing();
  } }, form.body);
  const internal = h('input', { type: 'checkbox', id: ids.internal, checked: form.internal, onchange: () => (form.internal = internal.checked) });
  const then = h('select', { id: ids.then, onchange: () => (form.then = then.value) },
    h('option', { value: '', selected: form.then === '' }, desk.t('keepState')),
    TRANSITIONS[t.state].map((s) => h('option', { value: s, selected: form.then === s }, desk.t(`ticketState.${s}`))));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, desk.t('sendReply'));
  return h('form', { class: 'panel desk-form', onsubmit: (event: Event) => {
    event.preventDefault();
    act(submit, '/replies', { body: form.body, internal: form.internal, ...(form.then ? { state: form.then } : {}) }, () => {
      state.reply = { body: '', internal: false, then: '' };
      desk.render();
      desk.say('replied');
    });
  } },
  h('div', { class: 'field' }, h('label', { for: ids.body }, desk.t('reply')), h('p', { class: 'hint', id: ids.hint }, desk.t('replyHint', { lang: desk.t(`lang.${t.lang}`) })), body),
  h('div', { class: 'choice' }, internal, h('label', { for: ids.internal }, desk.t('replyInternal'))),
  h('div', { class: 'field' }, h('label', { for: ids.then }, desk.t('replyThenState')), then),
  submit);
}

function sidePanel(desk: Desk, detail: Detail, act: Act): HTMLElement {
  const t = detail.ticket;
  const assignId = uid('assignee');
  const assignee = h('select', { id: assignId },
    h('option', { value: '', selected: !t.assignee }, desk.t('unassigned')),
    state.agents.map((a) => h('option', { value: a.username, selected: t.assignee?.username === a.username }, a.displayName)));
  const assign = h('button', { type: 'button', class: 'btn btn-default btn-small', onclick: () => act(assign, '/assign', { assignee: assignee.value || null }, () => desk.say('assigned')) }, desk.t('assign'));
  const moves = TRANSITIONS[t.state].map((s) => {
    const button: HTMLElement = h('button', { type: 'button', class: 'btn btn-default btn-small', onclick: () =>
      act(button, '/state', { state: s }, () => desk.say('stateChanged', { state: desk.t(`ticketState.${s}`) })) }, desk.t('setState', { state: desk.t(`ticketState.${s}`) }));
    return button;
  });
  return h('section', { class: 'panel desk-form' },
    h('div', { class: 'field inline' }, h('label', { for: assignId }, desk.t('assignTo')), assignee, assign),
    moves.length ? h('div', { role: 'group', 'aria-label': desk.t('changeState'), class: 'desk-actions' }, moves) : null);
}

function cardPanel(desk: Desk, detail: Detail): HTMLElement {
  const { card, holder, contact } = detail;
  const contactText = [contact.email, contact.phone].filter(Boolean).join(' · ') || null;
  const binding = card?.binding;
  const unbind = binding ? unbindActions(desk, detail, binding.id, card!.masked) : null;
  return h('section', { class: 'panel', 'aria-labelledby': 'linked-heading' },
    h('h3', { id: 'linked-heading' }, desk.t('linkedCard')),
    !card && !holder ? h('p', null, desk.t('noLinkedCard')) : null,
    facts([
      [desk.t('cardNumber'), card?.masked ?? null],
      [desk.t('product'), card ? productName(desk.lang, card.product) : null],
      [desk.t('state'), card ? tKey(desk, `state.${card.state}`) : null],
      [desk.t('upgraded'), card ? (binding ? desk.t('upgradedSince', { time: beijingTime(desk, binding.since), channel: tKey(desk, `channel.${binding.channel}`) }) : desk.t('notUpgraded')) : null],
      [desk.t('holder'), holder ? `${isDocumentType(holder.docType) ? DOCUMENT_LABELS[holder.docType][desk.lang] : holder.docType} ${holder.docMasked ?? ''}` : null],
      [desk.t('contact'), contactText],
    ]),
    unbind);
}

/**
 * The linked holder's cards and latest taps, whether or not a card is linked to the ticket: what the agent
 * needs to understand "my tap failed". Masked cards only; no document number reaches this page.
 */
function holderPanel(desk: Desk, detail: Detail): HTMLElement | null {
  const { holder } = detail;
  if (!holder || holder.erased) return null;
  const cards = holder.bindings.length === 0
    ? h('p', null, desk.t('noHolderCards'))
    : h('ul', { class: 'plain', id: 'holder-cards' }, holder.bindings.map((b) => h('li', null,
      `${b.card} · ${productName(desk.lang, b.product)} · ${tKey(desk, `medium.${b.medium}`)} · ${tKey(desk, `state.${b.state}`)}`)));
  const place = (tap: HolderTap) => [tap.line, tap.station].filter(Boolean).join(' · ') || '—';
  const taps = holder.taps.length === 0
    ? h('p', null, desk.t('noRecentTaps'))
    : h('table', { class: 'desk-table', id: 'holder-taps' },
      h('thead', null, h('tr', null, (['tapTime', 'cardNumber', 'tapPlace', 'tapDecision'] as const).map((k) => h('th', { scope: 'col' }, desk.t(k))))),
      h('tbody', null, holder.taps.map((tap) => h('tr', { 'data-decision': tap.decision },
        h('td', null, beijingTime(desk, tap.at)),
        h('td', null, tap.card),
        h('td', null, place(tap)),
        h('td', null, tap[desk.lang], tap.assisted ? ` ${desk.t('tapAssisted')}` : '', tap.annulled ? ` ${desk.t('tapAnnulled')}` : '')))));
  return h('section', { class: 'panel', 'aria-labelledby': 'holder-cards-heading' },
    h('h3', { id: 'holder-cards-heading' }, desk.t('holderCards')), cards,
    h('h3', { id: 'holder-taps-heading', class: 'panel-next' }, desk.t('recentTaps')), taps);
}

/**
 * Unbinding at the holder's request. A mail or a call does not prove who asks, so the usual way sends the
 * holder a confirmation link and the card is unbound when they open it; only a document checked in person at
 * an outlet lets the agent unbind at once, naming the outlet.
 */
function unbindActions(desk: Desk, detail: Detail, bindingId: number, masked: string): HTMLElement {
  const url = `${base}/tickets/${detail.ticket.id}/unbind`;
  const send: HTMLElement = h('button', { type: 'button', class: 'btn btn-warn btn-small', onclick: () => void desk.busy(send, async () => {
    const ok = await confirmDialog({ title: desk.t('unbindTitle'), body: desk.t('unbindBody', { card: masked }), confirm: desk.t('unbindSend'), cancel: desk.t('cancel') });
    if (!ok) return;
    state.detail = await desk.api.post<Detail>(url, { bindingId });
    desk.render();
    desk.say('unbindLinkSent', { card: masked });
  }) }, desk.t('unbindSend'));
  const outletId = 'unbind-outlet';
  const outlet = h('select', { id: outletId, onchange: (e: Event) => (state.checkedAt = (e.target as HTMLSelectElement).value) },
    h('option', { value: '' }, desk.t('unbindOutletChoose')),
    ...state.outlets.map((o) => h('option', { value: o.id, selected: state.checkedAt === o.id }, o.name[desk.lang])));
  const now: HTMLElement = h('button', { type: 'button', class: 'btn btn-warn btn-small', onclick: () => void desk.busy(now, async () => {
    if (!state.checkedAt) return desk.say('unbindOutletChoose');
    const ok = await confirmDialog({ title: desk.t('unbindNowTitle'), body: desk.t('unbindNowBody', { card: masked }), confirm: desk.t('unbind'), cancel: desk.t('cancel'), danger: true });
    if (!ok) return;
    state.detail = await desk.api.post<Detail>(url, { bindingId, checkedAt: state.checkedAt });
    state.checkedAt = '';
    desk.render();
    desk.say('unbound', { card: masked });
  }) }, desk.t('unbind'));
  return h('div', { class: 'desk-actions' },
    send,
    h('details', null,
      h('summary', null, desk.t('unbindInPerson')),
      h('div', { class: 'field inline' }, h('label', { for: outletId }, desk.t('unbindCheckedAt')), outlet, now)));
}

/** The request body's holder reference: only what was typed (the API takes a card number, a document, or both). */
function holderRef(form: HolderForm): { cardNumber?: string; document?: { type: string; number: string; state?: string } } {
  const cardNumber = form.cardNumber.trim();
  const number = form.docNumber.trim();
  return {
    ...(cardNumber ? { cardNumber } : {}),
    ...(form.docType && number ? { document: { type: form.docType, number, ...(form.docState.trim() ? { state: form.docState.trim() } : {}) } } : {}),
  };
}

/** The card-number and document fields shared by the hotline form and Link holder. */
function holderFields(desk: Desk, form: HolderForm): HTMLElement[] {
  const ids = { card: uid('holder-card'), cardHint: uid('holder-card-hint'), type: uid('doc-type'), number: uid('doc-number'), state: uid('doc-state'), stateHint: uid('doc-state-hint') };
  const card = h('input', { type: 'text', id: ids.card, value: form.cardNumber, inputmode: 'numeric', autocomplete: 'off', maxlength: 40, 'aria-describedby': ids.cardHint, oninput: () => (form.cardNumber = card.value) });
  const type = h('select', { id: ids.type, onchange: () => (form.docType = type.value) },
    h('option', { value: '', selected: form.docType === '' }, desk.t('docTypeNone')),
    DOCUMENT_TYPES.map((d) => h('option', { value: d, selected: form.docType === d }, DOCUMENT_LABELS[d][desk.lang])));
  const number = h('input', { type: 'text', id: ids.number, value: form.docNumber, autocomplete: 'off', maxlength: 64, oninput: () => (form.docNumber = number.value) });
  const issuer = h('input', { type: 'text', id: ids.state, value: form.docState, autocomplete: 'off', maxlength: 8, 'aria-describedby': ids.stateHint, oninput: () => (form.docState = issuer.value) });
  return [
    h('div', { class: 'field' }, h('label', { for: ids.card }, desk.t('cardNumber')), h('p', { class: 'hint', id: ids.cardHint }, desk.t('cardNumberHint')), card),
    h('div', { class: 'field' }, h('label', { for: ids.type }, desk.t('docType')), type),
    h('div', { class: 'field' }, h('label', { for: ids.number }, desk.t('docNumber')), number),
    h('div', { class: 'field' }, h('label', { for: ids.state }, desk.t('docState')), h('p', { class: 'hint', id: ids.stateHint }, desk.t('docStateHint')), issuer),
  ];
}

/** #/new — a call to 010-96066 typed in by the agent who took it (POST /tickets); the ticket is theirs. */
function hotlineView(desk: Desk): Child[] {
  const form = state.hotline;
  const ids = { subject: uid('call-subject'), body: uid('call-body'), bodyHint: uid('call-body-hint'), langHint: uid('call-lang-hint'), phone: uid('call-phone'), email: uid('call-email'), refHint: uid('call-ref-hint') };
  const subject = h('input', { type: 'text', id: ids.subject, value: form.subject, maxlength: 120, required: true, oninput: () => (form.subject = subject.value) });
  const body = h('textarea', { id: ids.body, rows: 5, maxlength: 5000, required: true, 'aria-describedby': ids.bodyHint, lang: htmlLang(form.lang), oninput: () => (form.body = body.value) }, form.body);
  // type=text with a phone keypad: the desk's stylesheet styles text and e-mail inputs, not tel.
  const phone = h('input', { type: 'text', inputmode: 'tel', id: ids.phone, value: form.phone, maxlength: 40, autocomplete: 'off', oninput: () => (form.phone = phone.value) });
  const email = h('input', { type: 'email', id: ids.email, value: form.email, maxlength: 200, autocomplete: 'off', oninput: () => (form.email = email.value) });
  const langs = (['zh', 'en'] as const).map((lang) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'caller-lang', value: lang, checked: form.lang === lang, onchange: () => {
      form.lang = lang;
      body.lang = htmlLang(lang);
    } }),
    desk.t(`lang.${lang}`)));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, desk.t('openTicket'));
  return [
    h('p', null, h('a', { href: '#/' }, `‹ ${desk.t('backToQueue')}`)),
    h('form', { class: 'panel desk-form', 'aria-labelledby': 'hotline-heading', onsubmit: (event: Event) => {
      event.preventDefault();
      void desk.busy(submit, async () => {
        const opened = await desk.api.post<Detail>(`${base}/tickets`, {
          subject: form.subject.trim(),
          body: form.body.trim(),
          lang: form.lang,
          ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
          ...(form.email.trim() ? { email: form.email.trim() } : {}),
          ...holderRef(form.holder),
        });
        state.hotline = emptyHotline();
        desk.go(`ticket/${opened.ticket.id}`, { kind: 'ok', text: { key: 'hotlineOpened', params: { id: opened.ticket.id } } });
      });
    } },
    h('h2', { id: 'hotline-heading' }, desk.t('hotlineHeading')),
    h('p', { class: 'muted' }, desk.t('hotlineIntro')),
    h('div', { class: 'field' }, h('label', { for: ids.subject }, desk.t('subject')), subject),
    h('div', { class: 'field' }, h('label', { for: ids.body }, desk.t('callerSaid')), h('p', { class: 'hint', id: ids.bodyHint }, desk.t('callerSaidHint')), body),
    h('fieldset', { 'aria-describedby': ids.langHint }, h('legend', null, desk.t('callerLang')), h('p', { class: 'hint', id: ids.langHint }, desk.t('callerLangHint')), langs),
    h('div', { class: 'field' }, h('label', { for: ids.phone }, desk.t('callerPhone')), phone),
    h('div', { class: 'field' }, h('label', { for: ids.email }, desk.t('callerEmail')), email),
    h('fieldset', { 'aria-describedby': ids.refHint }, h('legend', null, desk.t('linkHolderOptional')), h('p', { class: 'hint', id: ids.refHint }, desk.t('holderRefHint')), holderFields(desk, form.holder)),
    submit),
  ];
}

/** Link holder (POST /tickets/:id/link): for an e-mail or hotline ticket, once the agent knows who it is. */
function linkForm(desk: Desk, detail: Detail, act: Act): HTMLElement | null {
  const t = detail.ticket;
  if (t.state === 'closed' || (t.source !== 'email' && t.source !== 'hotline')) return null;
  const form = state.link;
  const hint = uid('link-hint');
  const submit = h('button', { type: 'submit', class: 'btn btn-default btn-small' }, desk.t('linkHolder'));
  return h('form', { class: 'panel desk-form', 'aria-labelledby': 'link-heading', 'aria-describedby': hint, onsubmit: (event: Event) => {
    event.preventDefault();
    const ref = holderRef(form);
    if (!ref.cardNumber && !ref.document) {
      desk.setNotice({ kind: 'error', text: { key: 'linkNeedsRef' } });
      return;
    }
    act(submit, '/link', ref, () => {
      state.link = emptyHolder();
      desk.render();
      desk.say('linked');
    });
  } },
  h('h3', { id: 'link-heading' }, desk.t('linkHolderHeading')),
  h('p', { class: 'hint', id: hint }, desk.t('holderRefHint')),
  holderFields(desk, form),
  submit);
}
