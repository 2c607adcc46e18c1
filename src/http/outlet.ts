// Outlet routes (role: outlet): quote a card's refund under the current rules, refund it, and fetch the
// receipt to print; and set a new contact for sign-in codes for a holder whose document the clerk checked in
// person. Money in integer fen; every step audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SELF_OPERATED_REASONS, type RefundQuote } from '../domain/refunds.ts';
import type { Context } from '../services/context.ts';
import { labelledLine, outletReceipt, receiptOf } from '../services/desk/receipts.ts';
import { replaceContactAtOutlet } from '../services/desk/outlet-contact.ts';
import { quoteCardRefund, refundCard, refundDesk } from '../services/desk/refunds.ts';
import type { ServerParts } from './server-parts.ts';
import { OutletContactBody, OutletContactChange, OutletDesk, Receipt, RefundQuoteAnswer } from './desk-schemas.ts';
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

function quoteView(quote: RefundQuote) {
  switch (quote.outcome) {
    case 'REFUND':
      return { ...quote, lines: quote.lines.map(labelledLine) };
    case 'ALREADY_REFUNDED':
    case 'GO_ELSEWHERE':
      return quote;
    case 'SELF_OPERATED_ONLY':
      return { ...quote, text: quote.text ?? SELF_OPERATED_REASONS[quote.reason] };
  }
}

export const outletRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  const clerk = async (request: FastifyRequest) => (await requireRole(parts, request, 'outlet')).staff;

  app.get('/post', {
    schema: { tags, security: bearer, summary: 'The outlet this account works at and the refund rules in force', response: { 200: OutletDesk, ...withForbidden } },
    handler: async (request) => {
      const member = await clerk(request);
      const { post, rules } = await refundDesk(ctx, member);
      return { staff: { username: member.username, displayName: member.displayName }, post: postView(post), rules };
    },
  });

  app.post('/quotes', {
    schema: {
      tags,
      security: bearer,
      summary: 'Compute a card refund by the rules at this outlet (audited; changes nothing)',
      body: RefundBody,
      response: { 200: RefundQuoteAnswer, ...withForbidden },
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
      response: { 201: Receipt, ...withForbidden },
    },
    handler: async (request, reply) => {
      const { expectedTotalFen, rulesVersion, ...body } = request.body;
      const refund = await refundCard(ctx, await clerk(request), body, { totalFen: expectedTotalFen, rulesVersion });
      return reply.code(201).send(await receiptOf(ctx, refund));
    },
  });

  app.get('/refunds/:receiptNo', {
    schema: {
      tags,
      security: bearer,
      summary: 'A refund receipt, to print',
      params: Type.Object({ receiptNo: Type.String({ maxLength: 32 }) }),
      response: { 200: Receipt, ...withForbidden },
    },
    handler: async (request) => outletReceipt(ctx, await clerk(request), request.params.receiptNo),
  });

  app.post('/contact', {
    schema: {
      tags,
      security: bearer,
      summary: "Set a new contact for a holder's sign-in codes after checking their document in person; ends their sessions (audited)",
      body: OutletContactBody,
      response: { 200: OutletContactChange, ...withForbidden, 422: Type.Ref('ErrorReply') },
    },
    handler: async (request) => replaceContactAtOutlet(ctx, await clerk(request), request.body),
  });
};
