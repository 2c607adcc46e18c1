// Tables of the service desk and the outlet finder (tickets, their messages, outlets).
import type { Generated } from 'kysely';

export interface TicketTable {
  id: Generated<number>;
  source: string;
  state: string;
  subject: string;
  lang: string;
  person_id: number | null;
  card_id: number | null;
  /** As the holder gave it (e-mail tickets, or a hotline caller who wants mail); lower-case. */
  contact_email: string | null;
  contact_phone: string | null;
  assignee_id: number | null;
  opened_by: string;
  created_at: number;
  updated_at: number;
}

export interface TicketMessageTable {
  id: Generated<number>;
  ticket_id: number;
  author: string;
  staff_id: number | null;
  body: string;
  /** 1: an agent's note that the holder never sees. */
  internal: number;
  /** The e-mail Message-ID: of an inbound mail (idempotency) or of our reply (threading). */
  mail_message_id: string | null;
  created_at: number;
}

export interface OutletTable {
  id: string;
  name_zh: string;
  name_en: string;
  address_zh: string;
  address_en: string;
  district: string;
  hours_zh: string;
  hours_en: string;
  /** The weekly schedule (domain/opening-hours.ts), or null. */
  opening: string | null;
  phone: string | null;
  self_operated: number;
  /** `|`-separated codes. */
  services: string;
  card_kinds: string;
  station_zh: string | null;
  station_en: string | null;
  /** Coordinates in millionths of a degree, so both engines store them exactly as integers. */
  lat_e6: number | null;
  lng_e6: number | null;
  updated_at: number;
}

export interface DeskDatabase {
  ticket: TicketTable;
  ticket_message: TicketMessageTable;
  outlet: OutletTable;
}
