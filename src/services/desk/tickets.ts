// The service desk: tickets opened by holders on their page, by e-mail (services/ticket-mail.ts) and by
// agents taking hotline calls; replies in the holder's language; states moved by the domain's rules;
// assignment (the agent's unbind at the holder's request is desk/assisted-unbind.ts). Every agent action on a
// ticket is audited with the person it concerns.
import { randomBytes } from 'node:crypto';
import { maskCardNumber, normalizeCardNumber } from '../../domain/cards.ts';
import { channelFor, checkDocument, type DocumentType } from '../../domain/documents.ts';
import { YktError } from '../../domain/errors.ts';
import {
  afterHolderReply,
  ageMinutes,
  detectLang,
  replySubject,
  transitionRefusal,
  TICKET_STATES,
  type TicketLang,
  type TicketSource,
  type TicketState,
} from '../../domain/tickets.ts';
import type { Repositories, StaffMember, TicketFilter, TicketMessage, TicketRow } from '../../store/store.ts';
import type { Channel } from '../../domain/channels.ts';
import type { Context } from '../context.ts';
import { pageLink } from '../holder/links.ts';
import { myTaps } from '../holder/my-taps.ts';
import { queueNotice } from '../messages/notices.ts';
import { queueMessage, sendNow } from '../messages/outbox.ts';
import type { OutgoingMessage } from '../ports.ts';

const iso = (ms: number) => new Date(ms).toISOString();
export const actorOf = (agent: StaffMember) => `agent:${agent.id}`;

/** A ticket as every list shows it (docs/service-desk.md). */
export function ticketView(ctx: Context, t: TicketRow) {
  return {
    id: t.id,
    source: t.source,
    state: t.state,
    subject: t.subject,
    lang: t.lang,
    openedAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    ageMinutes: ageMinutes(t.createdAt, ctx.clock()),
    assignee: t.assignee,
    card: t.cardNumber === null ? null : maskCardNumber(t.cardNumber),
    messageCount: t.messageCount,
  };
}
export type TicketView = ReturnType<typeof ticketView>;

/** A message as the holder reads it: an agent's reply names the agent (their display name, never their account). */
const holderMessage = (m: TicketMessage, staff: ReadonlyMap<number, StaffMember>) => ({
  id: m.id,
  author: m.author,
  body: m.body,
  at: iso(m.createdAt),
  agent: m.author === 'agent' && m.staffId !== null ? (staff.get(m.staffId)?.displayName ?? null) : null,
});

const staffById = async (ctx: Context) => new Map((await ctx.store.staff.all()).map((s) => [s.id, s]));

/** The ticket, or TICKET_NOT_FOUND. */
export async function mustGetTicket(tx: Repositories, id: number): Promise<TicketRow> {
  const ticket = await tx.tickets.get(id);
  if (!ticket) throw new YktError('TICKET_NOT_FOUND');
  return ticket;
}

// ------------------------------------------------------------------ holders

export interface HolderTicketInput {
  subject: string;
  body: string;
  bindingId?: number;
  lang?: TicketLang;
}

/** Opens a ticket from the holder's page; a binding of theirs (active or ended) links its card. */
export async function openHolderTicket(ctx: Context, personId: number, channel: Channel, input: HolderTicketInput) {
  const now = ctx.clock();
  const id = await ctx.store.transaction(async (tx) => {
    let cardId: number | null = null;
    if (input.bindingId !== undefined) {
      const binding = (await tx.bindings.of(personId, { activeOnly: false })).find((b) => b.id === input.bindingId);
      if (!binding) throw new YktError('BINDING_NOT_FOUND');
      cardId = binding.cardId;
    }
    const ticket = await tx.tickets.insert({
      source: channel === 'app' ? 'app' : 'kit',
      state: 'open',
      subject: input.subject.trim(),
      lang: input.lang ?? detectLang(`${input.subject} ${input.body}`),
      personId,
      cardId,
      contactEmail: null,
      contactPhone: null,
      assigneeId: null,
      openedBy: `person:${personId}`,
      createdAt: now,
      updatedAt: now,
    });
    await tx.tickets.insertMessage({ ticketId: ticket.id, author: 'holder', staffId: null, body: input.body.trim(), internal: false, mailMessageId: null, createdAt: now });
    return ticket.id;
  });
  return holderTicket(ctx, personId, id);
}

export async function holderTickets(ctx: Context, personId: number): Promise<TicketView[]> {
  const rows = await ctx.store.tickets.find({ states: [], personId, limit: 100 });
  return rows.map((t) => ticketView(ctx, t));
}

/** One of the holder's own tickets with its messages; internal notes are never shown, another's ticket is not found. */
export async function holderTicket(ctx: Context, personId: number, id: number) {
  const ticket = await ctx.store.tickets.get(id);
  if (!ticket || ticket.personId !== personId) throw new YktError('TICKET_NOT_FOUND');
  const staff = await staffById(ctx);
  const messages = (await ctx.store.tickets.messages(id)).filter((m) => !m.internal).map((m) => holderMessage(m, staff));
  return { ticket: ticketView(ctx, ticket), messages };
}

/**
 * The holder's own ticket, still open to messages, for a live stream or a "typing" signal: another's ticket is
 * TICKET_NOT_FOUND, a closed one TICKET_CLOSED.
 */
export async function holderLiveTicket(ctx: Context, personId: number, id: number): Promise<TicketRow> {
  const ticket = await ctx.store.tickets.get(id);
  if (!ticket || ticket.personId !== personId) throw new YktError('TICKET_NOT_FOUND');
  if (ticket.state === 'closed') throw new YktError('TICKET_CLOSED');
  return ticket;
}

/** A ticket the agent may talk on live: TICKET_NOT_FOUND, or TICKET_CLOSED once closed. */
export async function agentLiveTicket(ctx: Context, id: number): Promise<TicketRow> {
  const ticket = await mustGetTicket(ctx.store, id);
  if (ticket.state === 'closed') throw new YktError('TICKET_CLOSED');
  return ticket;
}

/**
 * Adds a holder's message to a ticket and reopens it if the desk was waiting on them or thought it solved.
 * Shared by the page and inbound mail (which passes the mail's Message-ID).
 */
export async function addHolderMessage(ctx: Context, tx: Repositories, ticket: TicketRow, body: string, mailMessageId: string | null): Promise<void> {
  const next = afterHolderReply(ticket.state);
  if (next === 'refused') throw new YktError('TICKET_CLOSED');
  const now = ctx.clock();
  await tx.tickets.insertMessage({ ticketId: ticket.id, author: 'holder', staffId: null, body, internal: false, mailMessageId, createdAt: now });
  await tx.tickets.update(ticket.id, { state: next, updatedAt: now });
}

export async function holderReply(ctx: Context, personId: number, id: number, body: string) {
  await ctx.store.transaction(async (tx) => {
    const ticket = await tx.tickets.get(id);
    if (!ticket || ticket.personId !== personId) throw new YktError('TICKET_NOT_FOUND');
    await addHolderMessage(ctx, tx, ticket, body.trim(), null);
  });
  return holderTicket(ctx, personId, id);
}

/** The note a ticket gets when its holder deletes their account, in the ticket's language. */
export const ERASED_NOTE = {
  zh: '持卡人已注销账户,工单已关闭,其中的个人信息和消息已删除。',
  en: 'The holder deleted their account: the ticket was closed and its personal data and messages erased.',
} as const;

/**
 * Erases the person (store people.erase, which empties their tickets) and closes each ticket of theirs still
 * in progress with a note, in the caller's transaction: the desk must not wait on a holder who is gone.
 */
export async function eraseHolder(tx: Repositories, personId: number, now: number): Promise<void> {
  const tickets = await tx.tickets.find({ states: TICKET_STATES.filter((s) => s !== 'closed'), personId, limit: 1000 });
  await tx.people.erase(personId, now);
  for (const ticket of tickets) {
    await tx.tickets.insertMessage({ ticketId: ticket.id, author: 'system', staffId: null, body: ERASED_NOTE[ticket.lang], internal: false, mailMessageId: null, createdAt: now });
    await tx.tickets.update(ticket.id, { state: 'closed', updatedAt: now });
    await tx.audit.append({ at: now, actor: `person:${personId}`, action: 'ticket.state', subject: `ticket:${ticket.id}`, data: { from: ticket.state, to: 'closed', reason: 'account-deleted' } });
  }
}

// ------------------------------------------------------------------ agents

export interface AgentTicketQuery {
  state?: TicketState;
  /** 'me', 'none', or a username. */
  assignee?: string;
  source?: TicketSource;
  limit?: number;
}

/** The desk's queue: by default every ticket not closed, latest activity first. Shows masked cards only. */
export async function agentTickets(ctx: Context, agent: StaffMember, query: AgentTicketQuery) {
  const filter: TicketFilter = {
    states: query.state ? [query.state] : TICKET_STATES.filter((s) => s !== 'closed'),
    limit: Math.min(query.limit ?? 100, 500),
    ...(query.source ? { source: query.source } : {}),
  };
  if (query.assignee === 'me') filter.assigneeId = agent.id;
  else if (query.assignee === 'none') filter.assigneeId = null;
  else if (query.assignee) {
    const member = await ctx.store.staff.find({ username: query.assignee });
    if (!member) return { tickets: [], counts: await counts(ctx) };
    filter.assigneeId = member.id;
  }
  const rows = await ctx.store.tickets.find(filter);
  return { tickets: rows.map((t) => ticketView(ctx, t)), counts: await counts(ctx) };
}

async function counts(ctx: Context): Promise<Record<TicketState, number>> {
  const byState = await ctx.store.tickets.countByState();
  return Object.fromEntries(TICKET_STATES.map((s) => [s, byState[s] ?? 0])) as Record<TicketState, number>;
}

export async function agentsList(ctx: Context) {
  return (await ctx.store.staff.all()).filter((s) => s.role === 'agent' && s.disabledAt === null).map((s) => ({ username: s.username, displayName: s.displayName }));
}

/** Who a card number or a document identifies: the card, and the person it is bound to or who holds the document. */
export interface HolderReference {
  cardNumber?: string;
  document?: { type: string; number: string; state?: string };
}

async function resolveHolder(ctx: Context, tx: Repositories, ref: HolderReference): Promise<{ personId: number | null; cardId: number | null }> {
  let personId: number | null = null;
  let cardId: number | null = null;
  if (ref.cardNumber !== undefined) {
    const card = await tx.cards.findByNumber(normalizeCardNumber(ref.cardNumber));
    if (!card) throw new YktError('CARD_NOT_FOUND');
    cardId = card.id;
    personId = (await tx.bindings.activeOfCard(card.id))?.personId ?? null;
  }
  if (ref.document !== undefined) {
    const verdict = checkDocument(ref.document);
    if (!verdict.valid) throw new YktError(verdict.code);
    const person = await tx.people.findByDocKey(ctx.personalData.documentKey(verdict.document));
    if (!person || person.erasedAt !== null) throw new YktError('TICKET_HOLDER_UNKNOWN');
    personId = person.id;
  }
  return { personId, cardId };
}

export interface HotlineTicketInput extends HolderReference {
  subject: string;
  body: string;
  lang: TicketLang;
  phone?: string;
  email?: string;
}

/** A hotline call typed in by the agent who took it; they are assigned to it. */
export async function openHotlineTicket(ctx: Context, agent: StaffMember, input: HotlineTicketInput) {
  const now = ctx.clock();
  const id = await ctx.store.transaction(async (tx) => {
    const { personId, cardId } = await resolveHolder(ctx, tx, input);
    const ticket = await tx.tickets.insert({
      source: 'hotline',
      state: 'open',
      subject: input.subject.trim(),
      lang: input.lang,
      personId,
      cardId,
      contactEmail: input.email?.trim().toLowerCase() || null,
      contactPhone: input.phone?.trim() || null,
      assigneeId: agent.id,
      openedBy: actorOf(agent),
      createdAt: now,
      updatedAt: now,
    });
    await tx.tickets.insertMessage({ ticketId: ticket.id, author: 'holder', staffId: agent.id, body: input.body.trim(), internal: false, mailMessageId: null, createdAt: now });
    await tx.audit.append({ at: now, actor: actorOf(agent), action: 'ticket.opened', subject: `ticket:${ticket.id}`, data: { source: 'hotline', person: personId } });
    return ticket.id;
  });
  return agentTicketDetail(ctx, agent, id, false);
}

/** How many of the holder's latest taps the agent sees beside a ticket. */
const RECENT_TAPS = 10;

/** The agent's full view of one ticket: holder (masked), card, contact and every message. Audited as a view. */
export async function agentTicketDetail(ctx: Context, agent: StaffMember, id: number, audit = true) {
  const ticket = await mustGetTicket(ctx.store, id);
  if (audit) await ctx.store.audit.append({ at: ctx.clock(), actor: actorOf(agent), action: 'ticket.viewed', subject: `ticket:${id}`, data: { person: ticket.personId } });
  const person = ticket.personId === null ? undefined : await ctx.store.people.get(ticket.personId);
  const bindings = person ? await ctx.store.bindings.of(person.id, { activeOnly: true }) : [];
  const card = ticket.cardId === null ? undefined : await ctx.store.cards.get(ticket.cardId);
  const cardBinding = card && bindings.find((b) => b.cardId === card.id);
  const staff = await staffById(ctx);
  return {
    ticket: ticketView(ctx, ticket),
    holder: person
      ? {
          docType: person.docType,
          docMasked: person.docMasked,
          erased: person.erasedAt !== null,
          bindings: bindings.map((b) => ({ id: b.id, card: maskCardNumber(b.cardNumber), medium: b.medium, product: b.product, state: b.cardState, since: iso(b.createdAt) })),
          // What the holder's own My taps shows, so the agent sees the failed tap the holder writes about
          // before any card is linked to the ticket: masked cards, places and decisions, no document.
          taps: person.erasedAt === null ? (await myTaps(ctx, person.id)).taps.slice(0, RECENT_TAPS) : [],
        }
      : null,
    card: card
      ? {
          masked: maskCardNumber(card.number),
          medium: card.medium,
          product: card.product,
          state: card.state,
          binding: cardBinding ? { id: cardBinding.id, since: iso(cardBinding.createdAt), channel: cardBinding.channel } : null,
        }
      : null,
    contact: { email: ticket.contactEmail, phone: ticket.contactPhone },
    messages: (await ctx.store.tickets.messages(id)).map((m) => ({ ...holderMessage(m, staff), internal: m.internal })),
  };
}

/** Runs one audited agent action on a ticket in a transaction, then answers the detail view. */
async function act(ctx: Context, agent: StaffMember, id: number, action: string, fn: (tx: Repositories, ticket: TicketRow, now: number) => Promise<Record<string, unknown>>) {
  await ctx.store.transaction(async (tx) => {
    const ticket = await mustGetTicket(tx, id);
    const now = ctx.clock();
    const data = await fn(tx, ticket, now);
    await tx.audit.append({ at: now, actor: actorOf(agent), action, subject: `ticket:${id}`, data: { person: ticket.personId, ...data } });
  });
  return agentTicketDetail(ctx, agent, id, false);
}

function moveTo(ticket: TicketRow, to: TicketState): void {
  const refusal = transitionRefusal(ticket.state, to);
  if (refusal) throw new YktError(refusal, { from: ticket.state, to });
}

export interface AgentReply {
  body: string;
  internal?: boolean;
  /** Where the ticket goes after the reply. */
  state?: TicketState;
}

/**
 * The e-mail that carries an agent's reply to the holder: the subject tagged [#id] (so an answer from the same
 * address threads back even without In-Reply-To), the reply, and a footer in the holder's language.
 */
export function replyMail(ticket: Pick<TicketRow, 'id' | 'subject' | 'lang'>, to: string, body: string, messageId: string, inReplyTo: string | undefined): OutgoingMessage {
  const footer =
    ticket.lang === 'zh'
      ? `——\n北京一卡通客服 · 工单 #${ticket.id}\n如需补充,请直接回复此邮件,并保留主题中的 [#${ticket.id}]。`
      : `--\nBeijing Yikatong customer service · ticket #${ticket.id}\nTo add anything, reply to this e-mail and keep [#${ticket.id}] in the subject.`;
  return {
    to: { kind: 'email', value: to },
    subject: replySubject(ticket.id, ticket.subject),
    text: `${body}\n\n${footer}\n`,
    messageId,
    lang: ticket.lang === 'zh' ? 'zh' : 'en',
    automatic: false,
    ...(inReplyTo ? { inReplyTo } : {}),
  };
}

/**
 * An agent's reply (or internal note). A reply to a ticket with an e-mail contact (written in, or given on a
 * hotline call) gets a Message-ID and is queued, with the reply, as an e-mail to the holder in reply to their
 * latest mail, so that their answer threads back by In-Reply-To (or by the subject's [#id] tag). A mail that
 * cannot go out at once is retried by the outbox; the reply is on the ticket (and the holder's page) either way.
 */
export async function agentReply(ctx: Context, agent: StaffMember, id: number, reply: AgentReply, holderOnline = false) {
  const queued: Array<number | undefined> = [];
  const detail = await act(ctx, agent, id, 'ticket.replied', async (tx, ticket, now) => {
    if (ticket.state === 'closed') throw new YktError('TICKET_CLOSED');
    if (reply.state !== undefined && reply.state !== ticket.state) moveTo(ticket, reply.state);
    const internal = reply.internal ?? false;
    const body = reply.body.trim();
    const mailMessageId = !internal && ticket.contactEmail ? `<ticket-${ticket.id}-${randomBytes(9).toString('base64url')}@ykt>` : null;
    // Whoever gave an address, by writing in or on a hotline call, gets the answer by e-mail too.
    if (mailMessageId !== null && ticket.contactEmail) {
      const earlier = (await tx.tickets.messages(id)).filter((m) => m.mailMessageId !== null);
      const answered = earlier.filter((m) => m.author === 'holder').at(-1) ?? earlier.at(-1);
      const message = replyMail(ticket, ticket.contactEmail, body, mailMessageId, answered?.mailMessageId ?? undefined);
      queued.push(await queueMessage(ctx, tx, { key: `reply:${mailMessageId}`, kind: 'reply', message }));
    }
    const message = await tx.tickets.insertMessage({ ticketId: id, author: 'agent', staffId: agent.id, body, internal, mailMessageId, createdAt: now });
    // A holder who wrote on their page (or was linked) and gets no mail hears that an answer waits there.
    // One who has the ticket open on their page (the live conversation) reads it there at once instead.
    const person = !internal && mailMessageId === null && !holderOnline && ticket.personId !== null ? await tx.people.get(ticket.personId) : undefined;
    if (person) {
      // The page of the person's channel: their document decides it, whichever way the ticket came in.
      const link = pageLink(ctx, channelFor(person.docType as DocumentType), 'tickets');
      await queueNotice(ctx, tx, person.id, { kind: 'ticket-replied', ticketId: id, link }, `ticket-replied:${id}:${message.id}`);
    }
    await tx.tickets.update(id, { state: reply.state ?? ticket.state, updatedAt: now, ...(ticket.assigneeId === null ? { assigneeId: agent.id } : {}) });
    return { internal, state: reply.state ?? ticket.state, byMail: mailMessageId !== null, live: holderOnline };
  });
  // After the commit: a mail is never sent for a reply that was rolled back.
  await sendNow(ctx, queued);
  return detail;
}

export function changeState(ctx: Context, agent: StaffMember, id: number, state: TicketState) {
  return act(ctx, agent, id, 'ticket.state', async (tx, ticket, now) => {
    moveTo(ticket, state);
    await tx.tickets.update(id, { state, updatedAt: now });
    return { from: ticket.state, to: state };
  });
}

export function assignTicket(ctx: Context, agent: StaffMember, id: number, assignee: string | null) {
  return act(ctx, agent, id, 'ticket.assigned', async (tx, _ticket, now) => {
    let assigneeId: number | null = null;
    if (assignee !== null) {
      const member = await tx.staff.find({ username: assignee });
      if (!member || member.role !== 'agent' || member.disabledAt !== null) throw new YktError('TICKET_ASSIGNEE_INVALID');
      assigneeId = member.id;
    }
    await tx.tickets.update(id, { assigneeId, updatedAt: now });
    return { assignee };
  });
}

/** Links the holder of an e-mail or hotline ticket once the agent has identified them. */
export function linkTicket(ctx: Context, agent: StaffMember, id: number, ref: HolderReference) {
  return act(ctx, agent, id, 'ticket.linked', async (tx, ticket, now) => {
    const { personId, cardId } = await resolveHolder(ctx, tx, ref);
    await tx.tickets.update(id, { personId: personId ?? ticket.personId, cardId: cardId ?? ticket.cardId, updatedAt: now });
    return { linkedPerson: personId, card: cardId !== null };
  });
}
