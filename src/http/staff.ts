// Station staff routes (role: staff): look a card up — masked holder data only — with its binding and recent
// taps, and record a manual pass when a tap fails (docs/staff-desk.md). Card numbers travel in bodies, not
// URLs, so that they stay out of access logs.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { maskCardNumber } from '../domain/cards.ts';
import { DECISIONS, describeDecision, isDecision, type Decision } from '../domain/decisions.ts';
import {
  ASSIST_REASONS,
  postOf,
  recentTapsOfCard,
  recordAssistedPass,
  viewCard,
  type CardLookup,
  type StaffPost,
  type StoredTap,
} from '../services/desk/assist.ts';
import type { Context } from '../services/context.ts';
import type { ServerParts } from './server-parts.ts';
import { AssistedPass, CardWithTaps, StationPost } from './desk-schemas.ts';
import { bearer, errorResponses } from './schemas.ts';
import { requireRole } from './staff-sign-in.ts';

const tags = ['staff'];
const iso = (ms: number) => new Date(ms).toISOString();
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const withForbidden = { ...errorResponses, 403: Type.Ref('ErrorReply') };

export const CardNumberBody = Type.Object({ cardNumber: Type.String({ minLength: 1, maxLength: 40, examples: ['1000751000000001'] }) });

/** A card as the desks see it: the number masked, the holder as document type and masked number. */
export function cardView(lookup: CardLookup) {
  const { card, binding, holder } = lookup;
  const cue = describeDecision(lookup.decision);
  return {
    card: maskCardNumber(card.number),
    medium: card.medium,
    product: card.product,
    state: card.state,
    depositFen: card.depositFen,
    balanceFen: card.balanceFen,
    decision: lookup.decision,
    decisionText: { zh: cue.zh, en: cue.en },
    passUntil: lookup.passUntil === null ? null : iso(lookup.passUntil),
    binding: binding && { channel: binding.channel, since: iso(binding.createdAt), agreementVersion: binding.agreementVersion },
    holder,
  };
}

export const postView = (post: StaffPost | undefined) => (post ? { kind: post.kind, code: post.code, name: post.name, selfOperated: post.selfOperated } : null);

function tapView(tap: StoredTap) {
  const decision: Decision | null = isDecision(tap.decision) ? tap.decision : null;
  const cue = decision && describeDecision(decision);
  return {
    at: iso(tap.at),
    terminalId: tap.terminalId,
    decision: tap.decision,
    text: cue ? { zh: cue.zh, en: cue.en } : null,
    online: tap.online,
    assisted: tap.assisted,
    annulled: tap.annulledAt !== null,
  };
}

export const staffRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  const staff = async (request: FastifyRequest) => (await requireRole(parts, request, 'staff')).staff;

  app.get('/post', {
    schema: { tags, security: bearer, summary: 'The signed-in staff member and the station they work at', response: { 200: StationPost, ...withForbidden } },
    handler: async (request) => {
      const member = await staff(request);
      return { staff: { username: member.username, displayName: member.displayName }, post: postView(await postOf(ctx, member)) };
    },
  });

  app.post('/cards/lookup', {
    schema: {
      tags,
      security: bearer,
      summary: 'Look a card up: state, binding, masked holder, what readers decide, recent taps (audited)',
      body: CardNumberBody,
      response: { 200: CardWithTaps, ...withForbidden },
    },
    handler: async (request) => {
      const member = await staff(request);
      const lookup = await viewCard(ctx, `staff:${member.id}`, request.body.cardNumber);
      return { ...cardView(lookup), taps: (await recentTapsOfCard(ctx, lookup.card.number)).map(tapView) };
    },
  });

  app.post('/assists', {
    schema: {
      tags,
      security: bearer,
      summary: 'Record a manual pass when a tap fails: an assisted, online PASS tap from the staff post (audited)',
      body: Type.Object({
        cardNumber: Type.String({ minLength: 1, maxLength: 40 }),
        reason: literals(ASSIST_REASONS),
        shown: Type.Optional(Type.Union([literals(DECISIONS), Type.Null()], { description: 'What the gate showed' })),
        note: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: { 201: AssistedPass, ...withForbidden },
    },
    handler: async (request, reply) => {
      const member = await staff(request);
      const { reason, shown, note, cardNumber } = request.body;
      const { tap, lookup } = await recordAssistedPass(ctx, member, { cardNumber, reason, shown: shown ?? null, note: (note ?? '').trim() });
      return reply.code(201).send({ tap: tapView(tap), card: cardView(lookup), taps: (await recentTapsOfCard(ctx, lookup.card.number)).map(tapView) });
    },
  });
};
