// Queries of the service desk (tickets and their messages) and the outlet finder.
import type { Selectable } from 'kysely';
import type { District, Outlet, OutletService } from '../domain/outlets.ts';
import type { TicketAuthor, TicketLang, TicketSource, TicketState } from '../domain/tickets.ts';
import type { Product } from '../domain/cards.ts';
import { numberOrNull } from './query-base.ts';
import type { OutletTable, TicketMessageTable } from './schema-service.ts';
import { StaffQueries } from './staff-queries.ts';

/** Tables this file owns, for dump(). */
export const SERVICE_TABLES = ['ticket', 'ticket_message', 'outlet'] as const;

export interface Ticket {
  id: number;
  source: TicketSource;
  state: TicketState;
  subject: string;
  lang: TicketLang;
  personId: number | null;
  cardId: number | null;
  contactEmail: string | null;
  contactPhone: string | null;
  assigneeId: number | null;
  openedBy: string;
  createdAt: number;
  updatedAt: number;
}

/** A ticket with what a list shows beside it: the card number (to be masked), the assignee, the message count. */
export interface TicketRow extends Ticket {
  cardNumber: string | null;
  assignee: { username: string; displayName: string } | null;
  messageCount: number;
}

export interface TicketMessage {
  id: number;
  ticketId: number;
  author: TicketAuthor;
  staffId: number | null;
  body: string;
  internal: boolean;
  mailMessageId: string | null;
  createdAt: number;
}

export interface TicketFilter {
  states: readonly TicketState[];
  /** A staff id, null for unassigned tickets, undefined for any. */
  assigneeId?: number | null;
  source?: TicketSource;
  personId?: number;
  limit: number;
}

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

const toOutlet = (row: Selectable<OutletTable>): Outlet => ({
  id: row.id,
  name: { zh: row.name_zh, en: row.name_en },
  address: { zh: row.address_zh, en: row.address_en },
  district: row.district as District,
  hours: { zh: row.hours_zh, en: row.hours_en },
  phone: row.phone,
  selfOperated: Number(row.self_operated) === 1,
  services: row.services.split('|').filter(Boolean) as OutletService[],
  cardKinds: row.card_kinds.split('|').filter(Boolean) as Product[],
  station: row.station_zh !== null && row.station_en !== null ? { zh: row.station_zh, en: row.station_en } : null,
  lat: row.lat_e6 === null ? null : Number(row.lat_e6) / 1e6,
  lng: row.lng_e6 === null ? null : Number(row.lng_e6) / 1e6,
});

const outletRow = (o: Outlet, at: number): Selectable<OutletTable> => ({
  id: o.id,
  name_zh: o.name.zh,
  name_en: o.name.en,
  address_zh: o.address.zh,
  address_en: o.address.en,
  district: o.district,
  hours_zh: o.hours.zh,
  hours_en: o.hours.en,
  phone: o.phone,
  self_operated: o.selfOperated ? 1 : 0,
  services: o.services.join('|'),
  card_kinds: o.cardKinds.join('|'),
  station_zh: o.station?.zh ?? null,
  station_en: o.station?.en ?? null,
  lat_e6: o.lat === null ? null : Math.round(o.lat * 1e6),
  lng_e6: o.lng === null ? null : Math.round(o.lng * 1e6),
  updated_at: at,
});

export class ServiceQueries extends StaffQueries {
  // Tickets

  async insertTicket(t: Omit<Ticket, 'id'>): Promise<Ticket> {
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

  async getTicket(id: number): Promise<TicketRow | undefined> {
    return (await this.ticketRows({ states: [], limit: 1 }, id))[0];
  }

  async updateTicket(id: number, fields: Partial<Pick<Ticket, 'state' | 'assigneeId' | 'personId' | 'cardId'>> & { updatedAt: number }): Promise<void> {
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

  /** Tickets by filter, latest activity first. */
  listTickets(filter: TicketFilter): Promise<TicketRow[]> {
    return this.ticketRows(filter);
  }

  async countTicketsByState(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('ticket').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  private async ticketRows(filter: TicketFilter, id?: number): Promise<TicketRow[]> {
    let query = this.db
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

  /** @throws UniqueViolation when a message with this e-mail Message-ID is already stored. */
  async insertTicketMessage(m: Omit<TicketMessage, 'id'>): Promise<TicketMessage> {
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

  async ticketMessages(ticketId: number): Promise<TicketMessage[]> {
    const rows = await this.db.selectFrom('ticket_message').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
    return rows.map(toMessage);
  }

  /** The ticket holding a message with one of these e-mail Message-IDs, if any. */
  async ticketOfMailMessage(messageIds: readonly string[]): Promise<number | undefined> {
    if (messageIds.length === 0) return undefined;
    const row = await this.db.selectFrom('ticket_message').select('ticket_id').where('mail_message_id', 'in', messageIds).orderBy('id', 'desc').executeTakeFirst();
    return row ? Number(row.ticket_id) : undefined;
  }

  // Outlets

  /** Inserts or replaces an outlet by id; says which, or 'unchanged' when the stored one is identical. */
  async upsertOutlet(outlet: Outlet, at: number): Promise<'inserted' | 'updated' | 'unchanged'> {
    const existing = await this.db.selectFrom('outlet').selectAll().where('id', '=', outlet.id).executeTakeFirst();
    const row = outletRow(outlet, at);
    if (!existing) {
      await this.db.insertInto('outlet').values(row).execute();
      return 'inserted';
    }
    if (JSON.stringify(toOutlet(existing)) === JSON.stringify(toOutlet(row))) return 'unchanged';
    const { id: _id, ...fields } = row;
    await this.db.updateTable('outlet').set(fields).where('id', '=', outlet.id).execute();
    return 'updated';
  }

  async listOutlets(): Promise<Outlet[]> {
    return (await this.db.selectFrom('outlet').selectAll().orderBy('id').execute()).map(toOutlet);
  }

  /** Removes every outlet whose id is not in `keep`; returns how many. */
  async deleteOutletsExcept(keep: readonly string[]): Promise<number> {
    let query = this.db.deleteFrom('outlet');
    if (keep.length > 0) query = query.where('id', 'not in', keep);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
