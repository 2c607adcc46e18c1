// The holder's customer-service tickets, registered inside the holder plugin so they live under
// /api/v1/kit and /api/v1/app with the holder's session (docs/service-desk.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import type { TicketEvents } from '../services/desk/ticket-events.ts';
import { holderLiveTicket, holderReply, holderTicket, holderTickets, openHolderTicket } from '../services/desk/tickets.ts';
import type { Channel } from '../domain/channels.ts';
import { holderSession } from './holder-auth.ts';
import { bearer, errorResponses, mediaResponse, RowId } from './schemas.ts';
import { streamTicketEvents } from './ticket-stream.ts';

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
  {
    id: Type.Integer(),
    author: Type.String(),
    body: Type.String(),
    at: Type.String(),
    agent: Type.Union([Type.String({ description: "The replying agent's display name" }), Type.Null()]),
  },
  { $id: 'TicketMessageView' },
);

const Thread = Type.Object({ ticket: Type.Ref('TicketView'), messages: Type.Array(Type.Ref('TicketMessageView')) });
const Id = Type.Object({ id: RowId });

export const holderTicketRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; channel: Channel; ticketEvents: TicketEvents }> = async (app, { ctx, channel, ticketEvents }) => {
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
        bindingId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'One of my bindings, to link its card (a RowId)' })),
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
    handler: async (request, reply) => {
      const thread = await holderReply(ctx, await person(request), request.params.id, request.body.body);
      await ticketEvents.publish({ ticket: request.params.id, kind: 'message', from: 'holder' });
      return reply.code(201).send(thread);
    },
  });

  app.get('/tickets/:id/events', {
    schema: {
      tags,
      security: bearer,
      summary:
        "One of my open tickets, live (server-sent events): `message` when customer service answers, `typing` with the agent's name; while it is open my replies come here rather than by mail",
      params: Id,
      response: { 200: mediaResponse('Events, each with JSON data', 'text/event-stream', { type: 'string' }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const personId = await person(request);
      await holderLiveTicket(ctx, personId, request.params.id);
      streamTicketEvents(ticketEvents, request.params.id, request, reply, {
        side: 'holder',
        stillAllowed: async () => holderTicket(ctx, await person(request), request.params.id),
      });
    },
  });

  app.post('/tickets/:id/typing', {
    schema: { tags, security: bearer, summary: 'Tell customer service I am typing on one of my open tickets (not stored)', params: Id, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      await holderLiveTicket(ctx, await person(request), request.params.id);
      await ticketEvents.publish({ ticket: request.params.id, kind: 'typing', from: 'holder' });
      return reply.code(204).send(null);
    },
  });
};

export const holderTicketSchemas = [TicketView, TicketMessageView];
