// Refund desk routes (role: outlet): quote a card's refund under the current rules, refund it, and fetch the
// receipt to print. Money in integer fen; every step audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { maskCardNumber } from '../domain/cards.ts';
import { YktError } from '../domain/errors.ts';
import { REFUND_LINE_LABELS, SELF_OPERATED_REASONS, type RefundLine, type RefundQuote } from '../domain/refunds.ts';
import type { Context } from '../services/context.ts';
import { outletPost, quoteCardRefund, refundCard } from '../services/desk/refunds.ts';
import type { Refund } from '../store/store.ts';
import type { ServerParts } from './server-parts.ts';
import { bearer, errorResponses } from './schemas.ts';
import { requireRole } from './staff-sign-in.ts';
import { cardView, postView } from './staff.ts';

const tags = ['outlet'];
const withForbidden = { ...errorResponses, 403: Type.Ref('ErrorReply') };

const RefundBody = Type.Object({
  cardNumber: Type.String({ minLength: 1, maxLength: 40 }),
  damaged: Type.Boolean({ default: false }),
  chipUnreadable: Type.Boolean({ default: false }),
});

const lineView = (line: RefundLine) => ({ ...line, label: REFUND_LINE_LABELS[line.kind] });

function quoteView(quote: RefundQuote) {
  switch (quote.outcome) {
    case 'REFUND':
      return { ...quote, lines: quote.lines.map(lineView) };
    case 'ALREADY_REFUNDED':
    case 'GO_ELSEWHERE':
      return quote;
    case 'SELF_OPERATED_ONLY':
      return { ...quote, text: quote.text ?? SELF_OPERATED_REASONS[quote.reason] };
  }
}

/** The receipt: what was paid, why, where and by whom; the card masked. */
async function receiptView(ctx: Context, refund: Refund) {
  const card = await ctx.store.cards.get(refund.cardId);
  const clerk = await ctx.store.staff.find({ id: refund.staffId });
  return {
    receiptNo: refund.receiptNo,
    at: new Date(refund.createdAt).toISOString(),
    outlet: refund.outlet,
    card: card ? maskCardNumber(card.number) : null,
    product: card?.product ?? null,
    medium: card?.medium ?? null,
    lines: refund.lines.map(lineView),
    totalFen: refund.totalFen,
    rulesVersion: refund.rulesVersion,
    damaged: refund.damaged,
    chipUnreadable: refund.chipUnreadable,
    bindingEnded: refund.bindingId !== null,
    clerk: clerk?.displayName ?? null,
  };
}

export const outletRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  const clerk = async (request: FastifyRequest) => (await requireRole(parts, request, 'outlet')).staff;

  app.get('/post', {
    schema: { tags, security: bearer, summary: 'The outlet this account works at and the refund rules in force', response: { 200: Type.Unknown(), ...withForbidden } },
    handler: async (request) => {
      const member = await clerk(request);
      const post = await ctx.store.staff.postOf(member.id);
      const rules = await ctx.store.refunds.rules();
      return { staff: { username: member.username, displayName: member.displayName }, post: postView(post), rules: rules ?? null };
    },
  });

  app.post('/quotes', {
    schema: {
      tags,
      security: bearer,
      summary: 'Compute a card refund by the rules at this outlet (audited; changes nothing)',
      body: RefundBody,
      response: { 200: Type.Unknown(), ...withForbidden },
    },
    handler: async (request) => {
      const { lookup, quote, post } = await quoteCardRefund(ctx, await clerk(request), request.body);
      return { card: cardView(lookup), quote: quoteView(quote), post: postView(post) };
    },
  });

  app.post('/refunds', {
    schema: {
      tags,
      security: bearer,
      summary: 'Refund a card (退卡): card refunded, binding ended, receipt issued (audited)',
      body: Type.Intersect([
        RefundBody,
        Type.Object({
          expectedTotalFen: Type.Integer({ description: 'The total the quote gave; refused with REFUND_QUOTE_CHANGED if it differs now' }),
          rulesVersion: Type.Integer({ minimum: 1 }),
        }),
      ]),
      response: { 201: Type.Unknown(), ...withForbidden },
    },
    handler: async (request, reply) => {
      const { expectedTotalFen, rulesVersion, ...body } = request.body;
      const refund = await refundCard(ctx, await clerk(request), body, { totalFen: expectedTotalFen, rulesVersion });
      return reply.code(201).send(await receiptView(ctx, refund));
    },
  });

  app.get('/refunds/:receiptNo', {
    schema: {
      tags,
      security: bearer,
      summary: 'A refund receipt, to print',
      params: Type.Object({ receiptNo: Type.String({ maxLength: 32 }) }),
      response: { 200: Type.Unknown(), ...withForbidden },
    },
    handler: async (request) => {
      const member = await clerk(request);
      const refund = await ctx.store.refunds.find({ receiptNo: request.params.receiptNo });
      // Receipts are shown at the outlet that issued them.
      if (!refund || refund.outlet.code !== (await outletPost(ctx, member)).code) throw new YktError('NOT_FOUND');
      return receiptView(ctx, refund);
    },
  });
};
