// One customer-service ticket: its state, the conversation, and a reply box while it is not closed.
import { h, uid } from '../../shared/dom.ts';
import type { TicketThread } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime } from '../format.ts';

let thread: TicketThread | null = null;

export const ticketScreen: Screen = {
  title: 'ticketsHeading',
  needs: 'session',
  back: () => 'tickets',
  load: async (app) => {
    thread = app.ticketId === null ? null : await app.api.ticket(app.session!.token, app.ticketId);
  },
  render: (app) => {
    // Reached without choosing a ticket (a reload): the list is where to choose one.
    if (!thread) return [h('a', { class: 'btn btn-default', href: '#/tickets' }, app.t('myTickets'))];
    const { ticket, messages } = thread;
    return [
      h('div', { class: 'group' },
        h('div', { class: 'cell' },
          h('h3', null, app.t('ticketHeading', { id: ticket.id }), ' ', ticket.subject),
          h('p', { class: 'muted', id: 'ticket-state' }, app.t('ticketMeta', { state: app.t(`ticketState.${ticket.state}` as never), time: beijingTime(app, ticket.openedAt) })),
          ticket.card ? h('p', { class: 'muted' }, ticket.card) : null)),
      h('ol', { class: 'group plain', id: 'ticket-messages' }, messages.map((m) =>
        h('li', { class: `cell message message-${m.author}` },
          h('p', { class: 'muted' }, h('strong', null, app.t(`author.${m.author}` as never)), ' · ', beijingTime(app, m.at)),
          h('p', { class: 'message-body' }, m.body)))),
      ticket.state === 'closed' ? h('p', { class: 'muted' }, app.t('ticketClosedNote')) : replyForm(app, ticket.id),
    ];
  },
};

function replyForm(app: App, id: number): HTMLElement {
  const bodyId = uid('reply');
  const body = h('textarea', { id: bodyId, rows: 3, maxlength: 5000 });
  const send = h('button', { type: 'submit', class: 'btn btn-primary' }, app.t('ticketReplySend'));
  return h('form', { class: 'group', onsubmit: (event: Event) => {
    event.preventDefault();
    void app.busy(send, async () => {
      if (body.value.trim() === '') {
        body.setAttribute('aria-invalid', 'true');
        app.setNotice({ kind: 'error', text: { key: 'required' } });
        return;
      }
      thread = await app.api.replyTicket(app.session!.token, id, body.value.trim());
      app.render(false);
      app.say('ticketReplied');
    });
  } },
    h('div', { class: 'field' }, h('label', { for: bodyId }, app.t('ticketReply')), body),
    h('div', { class: 'cell' }, send));
}
