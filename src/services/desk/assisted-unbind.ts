// An agent's unbind at the holder's request. An e-mail or a call does not prove who is asking, so the agent
// sends a confirmation link to the contact the holder proved, and the card is unbound when the holder opens it
// — the holder's own unbind with another actor (STYLE 6). Only when staff checked the holder's document in
// person at an outlet does the agent unbind at once. Either way the holder then receives a notice saying how
// to undo it, written in the transaction that unbinds.
import { maskCardNumber } from '../../domain/cards.ts';
import { YktError } from '../../domain/errors.ts';
import type { Repositories, StaffMember, TicketRow } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { openLink, pageLink, signLink, UNBIND_CONFIRM_MS } from '../holder/links.ts';
import { activeBinding, unbind } from '../holder/upgrade.ts';
import { queueNotice } from '../messages/notices.ts';
import { actorOf, agentTicketDetail, mustGetTicket } from './tickets.ts';

export interface AgentUnbind {
  bindingId: number;
  reason?: string;
  /** The outlet (code) where staff checked the holder's document in person: the card is unbound at once. */
  checkedAt?: string;
}

async function ticketWithHolder(tx: Repositories, id: number): Promise<TicketRow & { personId: number }> {
  const ticket = await mustGetTicket(tx, id);
  if (ticket.personId === null) throw new YktError('TICKET_NO_HOLDER');
  return ticket as TicketRow & { personId: number };
}

/** A note on the ticket, in the holder's language like everything they read there. */
function note(tx: Repositories, ticket: TicketRow, staffId: number | null, text: { zh: string; en: string }, at: number) {
  return tx.tickets.insertMessage({ ticketId: ticket.id, author: 'system', staffId, body: ticket.lang === 'zh' ? text.zh : text.en, internal: false, mailMessageId: null, createdAt: at });
}

/**
 * Unbinds for the ticket's holder and, in the same transaction, notes it on the ticket, audits it and queues
 * the holder's notice with the way back.
 */
async function unbindForHolder(ctx: Context, ticket: TicketRow & { personId: number }, bindingId: number, actor: string, staffId: number | null, data: Record<string, unknown>) {
  await unbind(ctx, ticket.personId, bindingId, 'agent', async (tx, binding, at) => {
    const card = maskCardNumber((await tx.cards.get(binding.cardId))?.number ?? '');
    await note(tx, ticket, staffId, { zh: `应持卡人要求,客服已解除卡片 ${card} 的绑定。`, en: `At the holder's request, customer service unbound card ${card}.` }, at);
    await tx.tickets.update(ticket.id, { updatedAt: at });
    await tx.audit.append({ at, actor, action: 'ticket.unbound', subject: `ticket:${ticket.id}`, data: { person: ticket.personId, binding: binding.id, ...data } });
    await queueNotice(ctx, tx, ticket.personId, { kind: 'card-unbound', card, at, link: pageLink(ctx, binding.channel, 'upgrade') }, `unbound:${binding.id}`);
  });
}

/**
 * The agent's unbind: at once when checked in person at an outlet, otherwise a confirmation link to the
 * holder's proven contact (UNBIND_NO_CONTACT when they have none: then only an outlet can help).
 * @example await agentUnbind(ctx, agent, 42, { bindingId: 7, reason: 'lost card, asked by e-mail' })
 */
export async function agentUnbind(ctx: Context, agent: StaffMember, id: number, request: AgentUnbind) {
  const ticket = await ticketWithHolder(ctx.store, id);
  const { bindingId, reason = null, checkedAt } = request;
  if (checkedAt !== undefined) {
    if (!(await ctx.store.outlets.all()).some((o) => o.id === checkedAt)) throw new YktError('UNBIND_OUTLET_UNKNOWN');
    await unbindForHolder(ctx, ticket, bindingId, actorOf(agent), agent.id, { reason, checkedAt });
    return agentTicketDetail(ctx, agent, id, false);
  }
  await ctx.store.transaction(async (tx) => {
    const binding = await activeBinding(tx, ticket.personId, bindingId);
    const person = await tx.people.get(ticket.personId);
    if (!person || person.contactSealed === null) throw new YktError('UNBIND_NO_CONTACT');
    const at = ctx.clock();
    const until = at + UNBIND_CONFIRM_MS;
    const link = pageLink(ctx, binding.channel, 'unbind', signLink(ctx, { do: 'unbind', person: person.id, binding: binding.id, ticket: id, until }));
    const card = maskCardNumber(binding.cardNumber);
    const sentTo = await queueNotice(ctx, tx, person.id, { kind: 'unbind-confirm', card, link, expiresAt: until }, `unbind-confirm:${binding.id}:${at}`);
    if (sentTo === null) throw new YktError('UNBIND_NO_CONTACT');
    await note(tx, ticket, agent.id, {
      zh: `已向 ${sentTo} 发送确认链接;持卡人确认后,卡片 ${card} 将解除绑定。`,
      en: `A confirmation link went to ${sentTo}; card ${card} is unbound once the holder confirms.`,
    }, at);
    await tx.tickets.update(id, { updatedAt: at });
    await tx.audit.append({ at, actor: actorOf(agent), action: 'ticket.unbind-requested', subject: `ticket:${id}`, data: { person: person.id, binding: binding.id, reason } });
  });
  return agentTicketDetail(ctx, agent, id, false);
}

/**
 * The holder opens the link: the card named in it is unbound, if it still is bound to them.
 * @example await confirmUnbind(ctx, token) // { card: '1000 **** **** 0001' }
 */
export async function confirmUnbind(ctx: Context, token: string): Promise<{ card: string }> {
  const claim = openLink(ctx, token, 'unbind');
  const ticket = await ticketWithHolder(ctx.store, claim.ticket);
  // A ticket re-linked to someone else since carries no authority over this person's cards.
  if (ticket.personId !== claim.person) throw new YktError('LINK_INVALID');
  const binding = await activeBinding(ctx.store, claim.person, claim.binding);
  await unbindForHolder(ctx, ticket, binding.id, `person:${claim.person}`, null, { confirmedByLink: true });
  return { card: maskCardNumber(binding.cardNumber) };
}
