// Customer-service routes (role: agent), and beside them the inbound-mail webhook mail gateways post to.
// The contract is docs/service-desk.md; the /service agent page is one client of it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TICKET_SOURCES, TICKET_STATES } from '../domain/tickets.ts';
import type { Context } from '../services/context.ts';
import { agentUnbind } from '../services/desk/assisted-unbind.ts';
import {
  agentLiveTicket,
  agentReply,
  agentsList,
  agentTicketDetail,
  agentTickets,
  assignTicket,
  changeState,
  linkTicket,
  mustGetTicket,
  openHotlineTicket,
} from '../services/desk/tickets.ts';
import { Agents, TicketDetail, TicketQueue } from './agent-schemas.ts';
import { inboundMailRoutes } from './inbound-mail.ts';
import type { ServerParts } from './server-parts.ts';
import { bearer, errorResponses, mediaResponse, RowId } from './schemas.ts';
import { streamTicketEvents } from './ticket-stream.ts';
import { requireRole } from './staff-sign-in.ts';

const tags = ['service'];
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const State = literals(TICKET_STATES);
const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
const Id = Type.Object({ id: RowId });
const Document = Type.Object({ type: Type.String({ maxLength: 32 }), number: Type.String({ maxLength: 64 }), state: Type.Optional(Type.String({ maxLength: 8 })) });
const Body = Type.String({ minLength: 1, maxLength: 5000 });
const detail = { 200: TicketDetail, ...errorResponses, 403: Type.Ref('ErrorReply') };

export const agentRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  const agent = async (request: FastifyRequest) => (await requireRole(parts, request, 'agent')).staff;

  app.get('/agents', {
    schema: { tags, security: bearer, summary: 'Active agents, for assigning tickets', response: { 200: Agents, ...errorResponses } },
    handler: async (request) => {
      await agent(request);
      return { agents: await agentsList(ctx) };
    },
  });

  app.get('/tickets', {
    schema: {
      tags,
      security: bearer,
      summary: 'The ticket queue (default: every state but closed), latest activity first; masked cards only',
      querystring: Type.Object({
        state: Type.Optional(State),
        assignee: Type.Optional(Type.String({ maxLength: 64, description: "'me', 'none' or a username" })),
        source: Type.Optional(literals(TICKET_SOURCES)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }),
      response: { 200: TicketQueue, ...errorResponses },
    },
    handler: async (request) => agentTickets(ctx, await agent(request), request.query),
  });

  app.post('/tickets', {
    schema: {
      tags,
      security: bearer,
      summary: 'Open a ticket for a hotline call (010-96066)',
      body: Type.Object({
        subject: Type.String({ minLength: 1, maxLength: 120 }),
        body: Body,
        lang: Lang,
        phone: Type.Optional(Type.String({ maxLength: 40 })),
        email: Type.Optional(Type.String({ maxLength: 200, format: 'email' })),
        cardNumber: Type.Optional(Type.String({ maxLength: 40 })),
        document: Type.Optional(Document),
      }),
      response: { 201: TicketDetail, ...errorResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await openHotlineTicket(ctx, await agent(request), request.body)),
  });

  app.get('/tickets/:id', {
    schema: { tags, security: bearer, summary: 'One ticket with holder (masked), card, contact and messages; audited', params: Id, response: detail },
    handler: async (request) => agentTicketDetail(ctx, await agent(request), request.params.id),
  });

  app.post('/tickets/:id/replies', {
    schema: {
      tags,
      security: bearer,
      summary: "Reply in the holder's language (or add an internal note), optionally moving the ticket",
      params: Id,
      body: Type.Object({ body: Body, internal: Type.Optional(Type.Boolean()), state: Type.Optional(State) }),
      response: { ...detail, 201: detail[200] },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const detail = await agentReply(ctx, await agent(request), id, request.body, parts.ticketEvents.holderOnline(id));
      if (!request.body.internal) await parts.ticketEvents.publish({ ticket: id, kind: 'message', from: 'agent' });
      return reply.code(201).send(detail);
    },
  });

  app.get('/tickets/:id/events', {
    schema: {
      tags,
      security: bearer,
      summary: "One ticket, live (server-sent events): `message` when the holder writes, `typing`, and `presence` (whether the holder has it open, so a reply shows at once rather than by mail)",
      params: Id,
      response: { 200: mediaResponse('Events, each with JSON data', 'text/event-stream', { type: 'string' }), ...errorResponses },
    },
    handler: async (request, reply) => {
      await agent(request);
      await mustGetTicket(ctx.store, request.params.id);
      streamTicketEvents(parts.ticketEvents, request.params.id, request, reply, { side: 'agent', stillAllowed: () => agent(request) });
    },
  });

  app.post('/tickets/:id/typing', {
    schema: { tags, security: bearer, summary: 'Tell the holder I am typing a reply (not stored; they see my display name)', params: Id, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      const member = await agent(request);
      await agentLiveTicket(ctx, request.params.id);
      await parts.ticketEvents.publish({ ticket: request.params.id, kind: 'typing', from: 'agent', name: member.displayName });
      return reply.code(204).send(null);
    },
  });

  app.post('/tickets/:id/state', {
    schema: { tags, security: bearer, summary: 'Move a ticket to another state (domain rules)', params: Id, body: Type.Object({ state: State }), response: detail },
    handler: async (request) => {
      const detail = await changeState(ctx, await agent(request), request.params.id, request.body.state);
      // The holder's open page fetches the ticket again and shows its new state (closed: no more replies).
      await parts.ticketEvents.publish({ ticket: request.params.id, kind: 'message', from: 'agent' });
      return detail;
    },
  });

  app.post('/tickets/:id/assign', {
    schema: {
      tags,
      security: bearer,
      summary: 'Assign a ticket to an agent, or unassign it (null)',
      params: Id,
      body: Type.Object({ assignee: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]) }),
      response: detail,
    },
    handler: async (request) => assignTicket(ctx, await agent(request), request.params.id, request.body.assignee),
  });

  app.post('/tickets/:id/link', {
    schema: {
      tags,
      security: bearer,
      summary: 'Link the card and/or holder of a ticket once identified',
      params: Id,
      body: Type.Object({ cardNumber: Type.Optional(Type.String({ maxLength: 40 })), document: Type.Optional(Document) }, { minProperties: 1 }),
      response: detail,
    },
    handler: async (request) => linkTicket(ctx, await agent(request), request.params.id, request.body),
  });

  app.post('/tickets/:id/unbind', {
    schema: {
      tags,
      security: bearer,
      summary:
        "Unbind one of the linked holder's cards at their request (audited): sends the holder a confirmation link, and the card is unbound when they open it; with checkedAt (the outlet where their document was checked in person) at once",
      params: Id,
      body: Type.Object({
        bindingId: RowId,
        reason: Type.Optional(Type.String({ maxLength: 500 })),
        checkedAt: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: "code of the outlet where staff checked the holder's document in person" })),
      }),
      response: detail,
    },
    handler: async (request) => agentUnbind(ctx, await agent(request), request.params.id, request.body),
  });

  await app.register(inboundMailRoutes, { ctx });
};
