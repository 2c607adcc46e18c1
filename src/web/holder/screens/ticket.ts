// One customer-service ticket: its state, the conversation, and a reply box while it is not closed. While the
// ticket is open here it is a live conversation (在线客服): an answer shows as it arrives, with the agent's
// name, and so does "typing…"; leaving the screen ends the stream, and replies then come by mail or notice.
import { h, replace, uid } from '../../shared/dom.ts';
import { followEvents, throttle } from '../../shared/event-stream.ts';
import type { TicketThread } from '../api.ts';
import type { App, Screen } from '../app.ts';
import { beijingTime } from '../format.ts';

let thread: TicketThread | null = null;
/** The open stream: which ticket, and how to end it. */
let live: { id: number; stop: () => void } | null = null;
/** What the holder is typing survives a live update of the conversation. */
let draft = '';
const TYPING_SHOWN_MS = 6000;
let typingTimer: ReturnType<typeof setTimeout> | undefined;

function stopLive(): void {
  live?.stop();
  live = null;
}

// Leaving the screen ends the stream at once, so that the desk knows the holder is gone and mails replies.
addEventListener('hashchange', () => {
  if (location.hash !== '#/ticket') stopLive();
});

export const ticketScreen: Screen = {
  title: 'ticketsHeading',
  needs: 'session',
  back: () => 'tickets',
  load: async (app) => {
    if (thread?.ticket.id !== app.ticketId) draft = '';
    thread = app.ticketId === null ? null : await app.api.ticket(app.session!.token, app.ticketId);
  },
  render: (app) => {
    // Reached without choosing a ticket (a reload): the list is where to choose one.
    if (!thread) return [h('a', { class: 'btn btn-default', href: '#/tickets' }, app.t('myTickets'))];
    const { ticket } = thread;
    if (ticket.state === 'closed') stopLive();
    else if (live?.id !== ticket.id) follow(app, ticket.id);
    return [
      h('div', { class: 'group' },
        h('div', { class: 'cell' },
          h('h3', null, app.t('ticketHeading', { id: ticket.id }), ' ', ticket.subject),
          h('p', { class: 'muted', id: 'ticket-state' }, app.t('ticketMeta', { state: app.t(`ticketState.${ticket.state}` as never), time: beijingTime(app, ticket.openedAt) })),
          ticket.card ? h('p', { class: 'muted' }, ticket.card) : null,
          ticket.state === 'closed' ? null : h('p', { class: 'muted' }, app.t('liveOn')))),
      messageList(app, thread),
      h('p', { class: 'muted typing', id: 'typing', 'aria-live': 'polite' }),
      ticket.state === 'closed' ? h('p', { class: 'muted' }, app.t('ticketClosedNote')) : replyForm(app, ticket.id),
    ];
  },
};

function messageList(app: App, { messages }: TicketThread): HTMLElement {
  return h('ol', { class: 'group plain', id: 'ticket-messages' }, messages.map((m) =>
    h('li', { class: `cell message message-${m.author}` },
      h('p', { class: 'muted' }, h('strong', null, m.agent ?? app.t(`author.${m.author}` as never)), ' · ', beijingTime(app, m.at)),
      h('p', { class: 'message-body' }, m.body))));
}

/** Opens the ticket's stream; ends it as soon as the holder is elsewhere (another screen, signed out). */
function follow(app: App, id: number): void {
  stopLive();
  const here = () => app.route === 'ticket' && app.session !== null && thread?.ticket.id === id;
  /** Fetches the ticket again; resolves true when it has new messages (a state change alone has none). */
  const refresh = async (): Promise<boolean> => {
    const before = thread?.messages.length ?? 0;
    thread = await app.api.ticket(app.session!.token, id);
    if (!here()) return false;
    // Only the conversation is replaced: the reply box keeps its text and focus.
    const list = document.getElementById('ticket-messages');
    if (list) list.replaceWith(messageList(app, thread));
    if (thread.ticket.state === 'closed') app.render(false);
    return thread.messages.length > before;
  };
  const stop = followEvents(app.api.ticketEventsUrl(id), app.session!.token, {
    onOpen: () => void refresh(),
    onEvent: (name, data) => {
      if (!here()) return stopLive();
      if (name === 'message') {
        showTyping(app, null);
        void refresh().then((news) => news && app.say('newAgentMessage'));
      } else if (name === 'typing') showTyping(app, (data as { name: string | null }).name);
    },
  });
  live = { id, stop };
}

/** "<agent> is typing…" for a few seconds after the last signal; null clears it. */
function showTyping(app: App, name: string | null | undefined): void {
  const line = document.getElementById('typing');
  if (!line) return;
  clearTimeout(typingTimer);
  if (name === null) return replace(line);
  replace(line, app.t('agentTyping', { name: name ?? app.t('author.agent') }));
  typingTimer = setTimeout(() => replace(line), TYPING_SHOWN_MS);
}

function replyForm(app: App, id: number): HTMLElement {
  const bodyId = uid('reply');
  const typing = throttle(() => void app.api.typing(app.session!.token, id).catch(() => undefined));
  const body = h('textarea', { id: bodyId, rows: 3, maxlength: 5000, oninput: () => {
    draft = body.value;
    typing();
  } });
  body.value = draft;
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
      draft = '';
      app.render(false);
      app.say('ticketReplied');
    });
  } },
    h('div', { class: 'field' }, h('label', { for: bodyId }, app.t('ticketReply')), body),
    h('div', { class: 'cell' }, send));
}
