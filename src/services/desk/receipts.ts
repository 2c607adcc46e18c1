// Refund receipts (退卡凭证): what was paid, why, where and by whom, the card masked, for the outlet that
// issued them to show and print.
import { maskCardNumber } from '../../domain/cards.ts';
import { YktError } from '../../domain/errors.ts';
import { REFUND_LINE_LABELS, type RefundLine } from '../../domain/refunds.ts';
import type { Refund, StaffMember } from '../../store/store.ts';
import type { Context } from '../context.ts';
import { outletPost } from './refunds.ts';

export type { Refund };

/** A refund line with its bilingual label, as quotes and receipts show it. */
export const labelledLine = (line: RefundLine) => ({ ...line, label: REFUND_LINE_LABELS[line.kind] });

/**
 * The receipt of a refund, ready to show.
 * @example const receipt = await receiptOf(ctx, await refundCard(ctx, clerk, request, expected))
 */
export async function receiptOf(ctx: Context, refund: Refund) {
  const card = await ctx.store.cards.get(refund.cardId);
  const clerk = await ctx.store.staff.find({ id: refund.staffId });
  return {
    receiptNo: refund.receiptNo,
    at: new Date(refund.createdAt).toISOString(),
    outlet: refund.outlet,
    card: card ? maskCardNumber(card.number) : null,
    product: card?.product ?? null,
    medium: card?.medium ?? null,
    lines: refund.lines.map(labelledLine),
    totalFen: refund.totalFen,
    rulesVersion: refund.rulesVersion,
    damaged: refund.damaged,
    chipUnreadable: refund.chipUnreadable,
    bindingEnded: refund.bindingId !== null,
    clerk: clerk?.displayName ?? null,
  };
}

/**
 * A receipt by its number, for a clerk of the outlet that issued it; another outlet's is not found.
 * @example const receipt = await outletReceipt(ctx, clerk, 'RF20220601A1B2C3')
 */
export async function outletReceipt(ctx: Context, staff: StaffMember, receiptNo: string) {
  const refund = await ctx.store.refunds.find({ receiptNo });
  // Receipts are shown at the outlet that issued them.
  if (!refund || refund.outlet.code !== (await outletPost(ctx, staff)).code) throw new YktError('NOT_FOUND');
  return receiptOf(ctx, refund);
}
