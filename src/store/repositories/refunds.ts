// Card refunds at outlets (退卡): the refund rules by version, and each refund with its receipt.
import type { Selectable } from 'kysely';
import type { RefundLine, RefundRules } from '../../domain/refunds.ts';
import type { Refund } from '../rows.ts';
import type { RefundTable } from '../schema-refunds.ts';
import { QueryBase } from './query-base.ts';

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

export class Refunds extends QueryBase {
  /** @throws UniqueViolation when the version exists. */
  async insertRules(rules: RefundRules, publishedAt: number, publishedBy: string): Promise<void> {
    await this.unique(() =>
      this.db.insertInto('refund_rules').values({ version: rules.version, rules: JSON.stringify(rules), published_at: publishedAt, published_by: publishedBy }).execute(),
    );
  }

  /** The newest rules, or a given version. */
  async rules(version?: number): Promise<RefundRules | undefined> {
    let query = this.db.selectFrom('refund_rules').select('rules');
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    return row && (JSON.parse(row.rules) as RefundRules);
  }

  /** @throws UniqueViolation when the card was already refunded (or the receipt number is taken). */
  async insert(r: Omit<Refund, 'id'>): Promise<Refund> {
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

  /**
   * The refund with this receipt number, or of this card (a card is refunded once).
   * @example const refund = await ctx.store.refunds.find({ receiptNo });
   */
  async find(by: { receiptNo: string } | { cardId: number }): Promise<Refund | undefined> {
    const query = this.db.selectFrom('refund').selectAll();
    const row = await ('receiptNo' in by ? query.where('receipt_no', '=', by.receiptNo) : query.where('card_id', '=', by.cardId)).executeTakeFirst();
    return row && toRefund(row);
  }
}
