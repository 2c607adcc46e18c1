// The holder's customer-service tickets, registered inside the holder plugin so they live under
// /api/v1/kit and /api/v1/app with the holder's session (docs/service-desk.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { holderReply, holderTicket, holderTickets, openHolderTicket } from '../services/desk/tickets.ts';
import type { Channel } from '../domain/channels.ts';
import { holderSession } from './holder-auth.ts';
import { bearer, errorResponses } from './schemas.ts';

const Pair = Type.Union([Type.Literal('zh'), Type.Literal('en')]);

export const TicketView = Type.Object(
  {
    id: Type.Integer(),
    source: Type.String(),
    state: Type.String(),
    subject: Type.String(),
    lang: Pair,
    openedAt: Type.String(),
    updatedAt: Type.String(),
    ageMinutes: Type.Integer(),
    assignee: Type.Union([Type.Object({ username: Type.String(), displayName: Type.String() }), Type.Null()]),
    card: Type.Union([Type.String(), Type.Null()]),
    messageCount: Type.Integer(),
  },
  { $id: 'TicketView' },
);

export const TicketMessageView = Type.Object(
  { id: Type.Integer(), author: Type.String(), body: Type.String(), at: Type.String() },
  { $id: 'TicketMessageView' },
);

const Thread = Type.Object({ ticket: Type.Ref('TicketView'), messages: Type.Array(Type.Ref('TicketMessageView')) });
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const holderTicketRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; channel: Channel }> = async (app, { ctx, channel }) => {
  const tags = [channel];
  const person = async (request: Parameters<typeof holderSession>[1]) => (await holderSession(ctx, request, channel)).personId;

  app.post('/tickets', {
    schema: {
      tags,
      security: bearer,
      summary: 'Open a customer-service ticket',
      body: Type.Object({
        subject: Type.String({ minLength: 1, maxLength: 120 }),
        body: Type.String({ minLength: 1, maxLength: 5000 }),
        bindingId: Type.Optional(Type.Integer({ minimum: 1, description: 'One of my bindings, to link its card' })),
        lang: Type.Optional(Pair),
      }),
      response: { 201: Thread, ...errorResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await openHolderTicket(ctx, await person(request), channel, request.body)),
  });

  app.get('/tickets', {
    schema: { tags, security: bearer, summary: 'My tickets, latest activity first', response: { 200: Type.Object({ tickets: Type.Array(Type.Ref('TicketView')) }), ...errorResponses } },
    handler: async (request) => ({ tickets: await holderTickets(ctx, await person(request)) }),
  });

  app.get('/tickets/:id', {
    schema: { tags, security: bearer, summary: 'One of my tickets with its replies', params: Id, response: { 200: Thread, ...errorResponses } },
    handler: async (request) => holderTicket(ctx, await person(request), request.params.id),
  });

  app.post('/tickets/:id/replies', {
    schema: {
      tags,
      security: bearer,
      summary: 'Reply on one of my tickets (reopens it if it was waiting on me or resolved)',
      params: Id,
      body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) }),
      response: { 201: Thread, ...errorResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await holderReply(ctx, await person(request), request.params.id, request.body.body)),
  });
};

export const holderTicketSchemas = [TicketView, TicketMessageView];
