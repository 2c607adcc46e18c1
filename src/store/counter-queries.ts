// Queries behind the counters: refund rules, refunds and the post each staff member works at.
import type { Selectable } from 'kysely';
import type { RefundLine, RefundRules } from '../domain/refunds.ts';
import type { CounterPostTable, RefundTable } from './schema-counter.ts';
import { ServiceQueries } from './service-queries.ts';

/** Tables this file owns, for dump(). */
export const COUNTER_TABLES = ['refund_rules', 'counter_post', 'refund'] as const;

/** Where a staff or outlet account works: a station, or an outlet (self-operated or not). */
export interface CounterPost {
  staffId: number;
  kind: 'station' | 'outlet';
  code: string;
  name: { zh: string; en: string };
  selfOperated: boolean;
}

export interface Refund {
  id: number;
  receiptNo: string;
  cardId: number;
  staffId: number;
  outlet: { code: string; name: { zh: string; en: string }; selfOperated: boolean };
  rulesVersion: number;
  lines: RefundLine[];
  totalFen: number;
  damaged: boolean;
  chipUnreadable: boolean;
  bindingId: number | null;
  createdAt: number;
}

const toPost = (row: Selectable<CounterPostTable>): CounterPost => ({
  staffId: Number(row.staff_id),
  kind: row.kind as CounterPost['kind'],
  code: row.code,
  name: { zh: row.name_zh, en: row.name_en },
  selfOperated: Number(row.self_operated) === 1,
});

const toRefund = (row: Selectable<RefundTable>): Refund => ({
  id: Number(row.id),
  receiptNo: row.receipt_no,
  cardId: Number(row.card_id),
  staffId: Number(row.staff_id),
  outlet: { code: row.outlet_code, name: { zh: row.outlet_name_zh, en: row.outlet_name_en }, selfOperated: Number(row.self_operated) === 1 },
  rulesVersion: Number(row.rules_version),
  lines: JSON.parse(row.lines) as RefundLine[],
  totalFen: Number(row.total_fen),
  damaged: Number(row.damaged) === 1,
  chipUnreadable: Number(row.chip_unreadable) === 1,
  bindingId: row.binding_id === null ? null : Number(row.binding_id),
  createdAt: Number(row.created_at),
});

export class CounterQueries extends ServiceQueries {
  // Refund rules

  /** @throws UniqueViolation when the version exists. */
  async insertRefundRules(rules: RefundRules, publishedAt: number, publishedBy: string): Promise<void> {
    await this.unique(() =>
      this.db.insertInto('refund_rules').values({ version: rules.version, rules: JSON.stringify(rules), published_at: publishedAt, published_by: publishedBy }).execute(),
    );
  }

  /** The newest rules, or a given version. */
  async refundRules(version?: number): Promise<RefundRules | undefined> {
    let query = this.db.selectFrom('refund_rules').select('rules');
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    return row && (JSON.parse(row.rules) as RefundRules);
  }

  // Posts

  async counterPost(staffId: number): Promise<CounterPost | undefined> {
    const row = await this.db.selectFrom('counter_post').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
    return row && toPost(row);
  }

  async putCounterPost(post: CounterPost): Promise<void> {
    const values = { kind: post.kind, code: post.code, name_zh: post.name.zh, name_en: post.name.en, self_operated: post.selfOperated ? 1 : 0 };
    await this.db
      .insertInto('counter_post')
      .values({ staff_id: post.staffId, ...values })
      .onConflict((oc) => oc.column('staff_id').doUpdateSet(values))
      .execute();
  }

  // Refunds

  /** @throws UniqueViolation when the card was already refunded (or the receipt number is taken). */
  async insertRefund(r: Omit<Refund, 'id'>): Promise<Refund> {
    return this.unique(async () =>
      toRefund(
        await this.db
          .insertInto('refund')
          .values({
            receipt_no: r.receiptNo,
            card_id: r.cardId,
            staff_id: r.staffId,
            outlet_code: r.outlet.code,
            outlet_name_zh: r.outlet.name.zh,
            outlet_name_en: r.outlet.name.en,
            self_operated: r.outlet.selfOperated ? 1 : 0,
            rules_version: r.rulesVersion,
            lines: JSON.stringify(r.lines),
            total_fen: r.totalFen,
            damaged: r.damaged ? 1 : 0,
            chip_unreadable: r.chipUnreadable ? 1 : 0,
            binding_id: r.bindingId,
            created_at: r.createdAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      ),
    );
  }

  async findRefund(by: { receiptNo: string } | { cardId: number }): Promise<Refund | undefined> {
    const query = this.db.selectFrom('refund').selectAll();
    const row = await ('receiptNo' in by ? query.where('receipt_no', '=', by.receiptNo) : query.where('card_id', '=', by.cardId)).executeTakeFirst();
    return row && toRefund(row);
  }
}
