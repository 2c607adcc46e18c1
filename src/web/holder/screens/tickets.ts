// Customer service: the holder's tickets, and the form to open one (subject, what happened, which card),
// written to the service desk's API (docs/service-desk.md). Replies are read on the 'ticket' screen.
import { h, uid } from '../../shared/dom.ts';
import type { Ticket } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime } from '../format.ts';
import { loadCards } from './cards.ts';

let tickets: Ticket[] = [];
const draft = { subject: '', body: '', bindingId: '' };

export const ticketsScreen: Screen = {
  title: 'ticketsHeading',
  needs: 'session',
  back: () => 'help',
  load: async (app) => {
    const [list] = await Promise.all([app.api.tickets(app.session!.token), loadCards(app)]);
    tickets = list.tickets;
  },
  render: (app) => [
    h('p', { class: 'muted' }, app.t('ticketsIntro')),
    ticketForm(app),
    h('section', { 'aria-labelledby': 'my-tickets' },
      h('h3', { id: 'my-tickets', class: 'section-title' }, app.t('myTickets')),
      tickets.length === 0
        ? h('div', { class: 'group' }, h('p', { class: 'cell' }, app.t('noTickets')))
        : h('ul', { class: 'group plain', id: 'ticket-list' }, tickets.map((t) => ticketLink(app, t)))),
  ],
};

function ticketLink(app: App, t: Ticket): HTMLElement {
  const open = (event: Event) => {
    event.preventDefault();
    app.ticketId = t.id;
    app.go('ticket');
  };
  return h('li', null,
    h('a', { class: 'cell-link', href: '#/ticket', onclick: open },
      h('span', null,
        h('span', { class: 'ticket-subject' }, `#${t.id} ${t.subject}`),
        h('span', { class: 'muted' }, ' ', app.t('ticketMeta', { state: app.t(`ticketState.${t.state}` as never), time: beijingTime(app, t.openedAt) })))));
}

function ticketForm(app: App): HTMLElement {
  const ids = { subject: uid('subject'), body: uid('body'), bodyHint: uid('body-hint'), card: uid('card') };
  const subject = h('input', { id: ids.subject, type: 'text', maxlength: 120, required: true, value: draft.subject, oninput: () => (draft.subject = subject.value) });
  const body = h('textarea', { id: ids.body, rows: 5, maxlength: 5000, required: true, 'aria-describedby': ids.bodyHint, oninput: () => (draft.body = body.value) });
  body.value = draft.body;
  const card = h('select', { id: ids.card, onchange: () => (draft.bindingId = card.value) },
    h('option', { value: '' }, app.t('ticketNoCard')),
    (app.cards ?? []).map((c) => h('option', { value: String(c.id) }, c.card)));
  card.value = draft.bindingId;
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('ticketSubmit'));
  const send = async () => {
    for (const input of [subject, body]) {
      const empty = input.value.trim() === '';
      input.setAttribute('aria-invalid', String(empty));
      if (empty) {
        app.setNotice({ kind: 'error', text: { key: 'required' } });
        input.focus();
        return;
      }
    }
    const thread = await app.api.openTicket(app.session!.token, {
      subject: subject.value.trim(),
      body: body.value.trim(),
      lang: app.lang,
      ...(card.value ? { bindingId: Number(card.value) } : {}),
    });
    Object.assign(draft, { subject: '', body: '', bindingId: '' });
    app.ticketId = thread.ticket.id;
    app.go('ticket', { kind: 'ok', text: { key: 'ticketOpened', params: { id: thread.ticket.id } } });
  };
  return h('form', { class: 'group', 'aria-labelledby': 'new-ticket', novalidate: true, onsubmit: (event: Event) => { event.preventDefault(); void app.busy(submit, send); } },
    h('div', { class: 'cell' }, h('h3', { id: 'new-ticket' }, app.t('newTicket'))),
    h('div', { class: 'field' }, h('label', { for: ids.subject }, app.t('ticketSubject')), subject),
    h('div', { class: 'field' }, h('label', { for: ids.body }, app.t('ticketBody')), h('p', { class: 'hint', id: ids.bodyHint }, app.t('ticketBodyHint')), body),
    h('div', { class: 'field' }, h('label', { for: ids.card }, app.t('ticketCard')), card),
    h('div', { class: 'cell' }, submit));
}
