// Card refunds at outlets (退卡): quote under the current refund rules, then refund — card state refunded,
// its binding ended, both in the change log so readers learn of them, the refund and its audit entry, all in
// one transaction (the pattern of services/upgrade.ts and card-import.ts), with the holder's notice and receipt.
import { randomBytes } from 'node:crypto';
import { maskCardNumber } from '../../domain/cards.ts';
import { YktError } from '../../domain/errors.ts';
import { quoteRefund, REFUND_LINE_LABELS, rulesProblem, SELF_OPERATED_REASONS, type RefundQuote, type RefundRules } from '../../domain/refunds.ts';
import { type Refund, type StaffMember, type StaffPost, UniqueViolation } from '../../store/store.ts';
import { lookUpCard, postOf, type CardLookup } from './assist.ts';
import type { Context } from '../context.ts';
import { queueNotice } from '../messages/notices.ts';

export { REFUND_LINE_LABELS };

export interface RefundRequest {
  cardNumber: string;
  damaged: boolean;
  chipUnreadable: boolean;
}

/** The refund desk's post; an outlet account without one cannot refund (its outlet decides what it may do). */
export async function outletPost(ctx: Context, staff: StaffMember): Promise<StaffPost> {
  const post = await postOf(ctx, staff);
  if (!post || post.kind !== 'outlet') throw new YktError('POST_NOT_ASSIGNED');
  return post;
}

/**
 * What the refund desk's page opens with: where the clerk works (if anywhere yet) and the refund rules in
 * force (null before any are published).
 * @example const { post, rules } = await refundDesk(ctx, clerk)
 */
export async function refundDesk(ctx: Context, staff: StaffMember): Promise<{ post: StaffPost | undefined; rules: RefundRules | null }> {
  const post = await postOf(ctx, staff);
  const rules = await ctx.store.refunds.rules();
  return { post, rules: rules ?? null };
}

async function currentRules(ctx: Context): Promise<RefundRules> {
  const rules = await ctx.store.refunds.rules();
  if (!rules) throw new YktError('REFUND_RULES_MISSING');
  return rules;
}

/** Quotes a refund at this outlet: the lines and total, or the outcome that says why not here. */
export async function quoteCardRefund(ctx: Context, staff: StaffMember, request: RefundRequest): Promise<{ lookup: CardLookup; quote: RefundQuote; post: StaffPost }> {
  const post = await outletPost(ctx, staff);
  const rules = await currentRules(ctx);
  const lookup = await lookUpCard(ctx, request.cardNumber);
  const quote = quoteRefund(rules, lookup.card, { damaged: request.damaged, chipUnreadable: request.chipUnreadable, selfOperated: post.selfOperated });
  await ctx.store.audit.append({
    at: ctx.clock(),
    actor: `outlet:${staff.id}`,
    action: 'refund.quoted',
    subject: `card:${lookup.card.id}`,
    data: { outcome: quote.outcome, rulesVersion: quote.rulesVersion, ...(quote.outcome === 'REFUND' ? { totalFen: quote.totalFen } : {}) },
  });
  return { lookup, quote, post };
}

/** Throws the coded refusal for a quote that is not a refund; returns it narrowed otherwise. */
function refundable(quote: RefundQuote): Extract<RefundQuote, { outcome: 'REFUND' }> {
  switch (quote.outcome) {
    case 'REFUND':
      return quote;
    case 'ALREADY_REFUNDED':
      throw new YktError('REFUND_ALREADY_DONE');
    case 'GO_ELSEWHERE':
      throw new YktError('REFUND_GO_ELSEWHERE', { where: quote.text });
    case 'SELF_OPERATED_ONLY':
      throw new YktError('REFUND_SELF_OPERATED_ONLY', { reason: quote.reason, why: quote.text ?? SELF_OPERATED_REASONS[quote.reason] });
    default:
      return assertNever(quote);
  }
}

const receiptNumber = (at: number) =>
  `RF${new Date(at + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(3).toString('hex').toUpperCase()}`;

/**
 * Refunds a card. `expected` is what the clerk read out from the quote: if the card or the rules changed
 * since, the refund is refused rather than paying a different sum than the one announced.
 * @example await refundCard(ctx, staff, { cardNumber, damaged: false, chipUnreadable: false }, { totalFen: 5000, rulesVersion: 1 })
 */
export async function refundCard(ctx: Context, staff: StaffMember, request: RefundRequest, expected: { totalFen: number; rulesVersion: number }): Promise<Refund> {
  const post = await outletPost(ctx, staff);
  const { card } = await lookUpCard(ctx, request.cardNumber);
  try {
    return await ctx.store.transaction(async (tx) => {
      const fresh = await tx.cards.get(card.id);
      const rules = await tx.refunds.rules();
      if (!fresh) throw new YktError('CARD_NOT_FOUND');
      if (!rules) throw new YktError('REFUND_RULES_MISSING');
      const quote = refundable(quoteRefund(rules, fresh, { damaged: request.damaged, chipUnreadable: request.chipUnreadable, selfOperated: post.selfOperated }));
      if (quote.totalFen !== expected.totalFen || quote.rulesVersion !== expected.rulesVersion) {
        throw new YktError('REFUND_QUOTE_CHANGED', { totalFen: quote.totalFen, rulesVersion: quote.rulesVersion });
      }
      const now = ctx.clock();
      const binding = await tx.bindings.activeOfCard(fresh.id);
      if (binding && (await tx.bindings.end(binding.id, now, 'refund'))) await tx.changes.append('binding.ended', fresh.id, binding.personId, now);
      await tx.cards.update(fresh.id, { ...fresh, state: 'refunded', balanceFen: 0, depositFen: 0, updatedAt: now });
      await tx.changes.append('card.state', fresh.id, null, now);
      const refund = await tx.refunds.insert({
        receiptNo: receiptNumber(now),
        cardId: fresh.id,
        staffId: staff.id,
        outlet: { code: post.code, name: post.name, selfOperated: post.selfOperated },
        rulesVersion: quote.rulesVersion,
        lines: quote.lines,
        totalFen: quote.totalFen,
        damaged: request.damaged,
        chipUnreadable: request.chipUnreadable,
        bindingId: binding?.id ?? null,
        createdAt: now,
      });
      await tx.audit.append({
        at: now,
        actor: `outlet:${staff.id}`,
        action: 'card.refunded',
        subject: `card:${fresh.id}`,
        data: { receiptNo: refund.receiptNo, totalFen: refund.totalFen, rulesVersion: refund.rulesVersion, outlet: post.code, bindingEnded: binding?.id ?? null },
      });
      // The holder of an upgraded card learns of the refund and keeps its receipt; an unbound card has nobody to tell.
      if (binding) {
        const notice = { kind: 'refund-completed', card: maskCardNumber(fresh.number), receiptNo: refund.receiptNo, totalFen: refund.totalFen, outlet: post.name, at: now } as const;
        await queueNotice(ctx, tx, binding.personId, notice, `refund:${refund.receiptNo}`);
      }
      return refund;
    });
  } catch (error) {
    // Another outlet desk refunded the card between our checks and our insert; the database refused ours.
    throw error instanceof UniqueViolation ? new YktError('REFUND_ALREADY_DONE') : error;
  }
}

/** Publishes a refund rules version (the demo seed publishes v1). */
export async function publishRefundRules(ctx: Context, rules: RefundRules, actor: string): Promise<void> {
  const problem = rulesProblem(rules);
  if (problem) throw new YktError('VALIDATION_FAILED', { field: problem });
  const now = ctx.clock();
  await ctx.store.transaction(async (tx) => {
    const current = await tx.refunds.rules();
    if (current && current.version >= rules.version) throw new YktError('REFUND_RULES_VERSION_TAKEN', { current: current.version });
    await tx.refunds.insertRules(rules, now, actor);
    await tx.audit.append({ at: now, actor, action: 'refund-rules.published', subject: `refund-rules:${rules.version}`, data: {} });
  });
}

/** Sets where a staff or outlet account works (the seed, or an administrator). */
export async function assignPost(ctx: Context, post: StaffPost, actor: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await tx.staff.putPost(post);
    await tx.audit.append({ at: ctx.clock(), actor, action: 'staff.post', subject: `staff:${post.staffId}`, data: { kind: post.kind, code: post.code, selfOperated: post.selfOperated } });
  });
}

function assertNever(value: never): never {
  throw new Error(`unknown refund outcome: ${JSON.stringify(value)}`);
}
