// Tables behind the outlet and station desks: refund rules and refunds at outlets, and the post (station or outlet) each
// staff or outlet account works at.
import type { Generated } from 'kysely';

export interface RefundRulesTable {
  version: number;
  /** JSON of domain/refunds.ts RefundRules. */
  rules: string;
  published_at: number;
  published_by: string;
}

export interface StaffPostTable {
  staff_id: number;
  /** 'station' for station staff, 'outlet' for a refund desk. */
  kind: string;
  /** The station or outlet id, e.g. 'L1-XIDAN' or the outlet finder's outlet id. */
  code: string;
  name_zh: string;
  name_en: string;
  /** 1 for the card company's own outlets (自营网点), which may refund what ordinary outlets may not. */
  self_operated: number;
}

export interface RefundTable {
  id: Generated<number>;
  receipt_no: string;
  /** Unique: a card is refunded once, whatever two counters try at the same moment. */
  card_id: number;
  staff_id: number;
  outlet_code: string;
  outlet_name_zh: string;
  outlet_name_en: string;
  self_operated: number;
  rules_version: number;
  /** JSON array of domain/refunds.ts RefundLine. */
  lines: string;
  total_fen: number;
  damaged: number;
  chip_unreadable: number;
  /** The binding the refund ended, if the card was upgraded. */
  binding_id: number | null;
  created_at: number;
}

export interface RefundsDatabase {
  refund_rules: RefundRulesTable;
  counter_post: StaffPostTable;
  refund: RefundTable;
}
