// The service desk's tickets and their messages (from holders, agents, and e-mail threads).
import type { Kysely, Selectable } from 'kysely';
import type { TicketAuthor, TicketLang, TicketSource, TicketState } from '../../domain/tickets.ts';
import type { Ticket, TicketFilter, TicketMessage, TicketRow } from '../rows.ts';
import type { Database } from '../schema.ts';
import type { TicketMessageTable } from '../schema-desk.ts';
import { numberOrNull, QueryBase } from './query-base.ts';

const toMessage = (row: Selectable<TicketMessageTable>): TicketMessage => ({
  id: Number(row.id),
  ticketId: Number(row.ticket_id),
  author: row.author as TicketAuthor,
  staffId: numberOrNull(row.staff_id),
  body: row.body,
  internal: Number(row.internal) === 1,
  mailMessageId: row.mail_message_id,
  createdAt: Number(row.created_at),
});

/** Tickets with what a list shows beside them, by filter (or the one with this id), latest activity first. */
async function ticketRows(db: Kysely<Database>, filter: TicketFilter, id?: number): Promise<TicketRow[]> {
let query = db
    .selectFrom('ticket')
    .leftJoin('card', 'card.id', 'ticket.card_id')
    .leftJoin('staff', 'staff.id', 'ticket.assignee_id')
    .selectAll('ticket')
    .select((eb) => [
      'card.number as card_number',
      'staff.username as assignee_username',
      'staff.display_name as assignee_name',
      eb.selectFrom('ticket_message').select(eb.fn.countAll<number>().as('n')).whereRef('ticket_message.ticket_id', '=', 'ticket.id').as('message_count'),
    ]);
  if (id !== undefined) query = query.where('ticket.id', '=', id);
  if (filter.states.length > 0) query = query.where('ticket.state', 'in', filter.states);
  if (filter.assigneeId === null) query = query.where('ticket.assignee_id', 'is', null);
  else if (filter.assigneeId !== undefined) query = query.where('ticket.assignee_id', '=', filter.assigneeId);
  if (filter.source) query = query.where('ticket.source', '=', filter.source);
  if (filter.personId !== undefined) query = query.where('ticket.person_id', '=', filter.personId);
  const rows = await query.orderBy('ticket.updated_at', 'desc').orderBy('ticket.id', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source as TicketSource,
    state: r.state as TicketState,
    subject: r.subject,
    lang: r.lang as TicketLang,
    personId: numberOrNull(r.person_id),
    cardId: numberOrNull(r.card_id),
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    assigneeId: numberOrNull(r.assignee_id),
    openedBy: r.opened_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    cardNumber: r.card_number,
    assignee: r.assignee_username && r.assignee_name ? { username: r.assignee_username, displayName: r.assignee_name } : null,
    messageCount: Number(r.message_count ?? 0),
  }));
}

export class Tickets extends QueryBase {
  async insert(t: Omit<Ticket, 'id'>): Promise<Ticket> {
    const row = await this.db
      .insertInto('ticket')
      .values({
        source: t.source,
        state: t.state,
        subject: t.subject,
        lang: t.lang,
        person_id: t.personId,
        card_id: t.cardId,
        contact_email: t.contactEmail,
        contact_phone: t.contactPhone,
        assignee_id: t.assigneeId,
        opened_by: t.openedBy,
        created_at: t.createdAt,
        updated_at: t.updatedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...t, id: Number(row.id) };
  }

  /** One ticket with its card number, assignee and message count. */
  async get(id: number): Promise<TicketRow | undefined> {
    return (await ticketRows(this.db, { states: [], limit: 1 }, id))[0];
  }

  async update(id: number, fields: Partial<Pick<Ticket, 'state' | 'assigneeId' | 'personId' | 'cardId'>> & { updatedAt: number }): Promise<void> {
    await this.db
      .updateTable('ticket')
      .set({
        ...(fields.state !== undefined ? { state: fields.state } : {}),
        ...(fields.assigneeId !== undefined ? { assignee_id: fields.assigneeId } : {}),
        ...(fields.personId !== undefined ? { person_id: fields.personId } : {}),
        ...(fields.cardId !== undefined ? { card_id: fields.cardId } : {}),
        updated_at: fields.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Tickets by filter, latest activity first.
   * @example const open = await ctx.store.tickets.find({ states: ['open'], assigneeId: null, limit: 50 });
   */
  find(filter: TicketFilter): Promise<TicketRow[]> {
    return ticketRows(this.db, filter);
  }

  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('ticket').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /** @throws UniqueViolation when a message with this e-mail Message-ID is already stored. */
  async insertMessage(m: Omit<TicketMessage, 'id'>): Promise<TicketMessage> {
    return this.unique(async () => {
      const row = await this.db
        .insertInto('ticket_message')
        .values({
          ticket_id: m.ticketId,
          author: m.author,
          staff_id: m.staffId,
          body: m.body,
          internal: m.internal ? 1 : 0,
          mail_message_id: m.mailMessageId,
          created_at: m.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toMessage(row);
    });
  }

  async messages(ticketId: number): Promise<TicketMessage[]> {
    const rows = await this.db.selectFrom('ticket_message').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
    return rows.map(toMessage);
  }

  /** The ticket holding a message with one of these e-mail Message-IDs, if any. */
  async ofMailMessage(messageIds: readonly string[]): Promise<number | undefined> {
    if (messageIds.length === 0) return undefined;
    const row = await this.db.selectFrom('ticket_message').select('ticket_id').where('mail_message_id', 'in', messageIds).orderBy('id', 'desc').executeTakeFirst();
    return row ? Number(row.ticket_id) : undefined;
  }
}
