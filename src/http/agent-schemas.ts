// The service desk's answers to agents (docs/service-desk.md): the queue, one ticket in full, the agents.
// Tickets are shown as the holder's own list shows them (TicketView), plus what only agents see.
import { Type } from 'typebox';
import { CARD_STATES, MEDIA } from '../domain/cards.ts';
import { TICKET_STATES } from '../domain/tickets.ts';

const Iso = Type.String({ format: 'date-time' });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Agents = Type.Object({ agents: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String() })) });

export const TicketQueue = Type.Object({
  tickets: Type.Array(Type.Ref('TicketView')),
  counts: Type.Record(Type.Enum(TICKET_STATES), Type.Integer(), { description: 'Tickets in each state, every state listed' }),
});

export const TicketDetail = Type.Object(
  {
    ticket: Type.Ref('TicketView'),
    holder: nullable(
      Type.Object({
        docType: Type.String(),
        docMasked: nullable(Type.String()),
        erased: Type.Boolean(),
        bindings: Type.Array(Type.Object({ id: Type.Integer(), card: Type.String(), medium: Type.Enum(MEDIA), product: Type.String(), state: Type.Enum(CARD_STATES), since: Iso })),
        taps: Type.Array(
          Type.Object({
            card: Type.String({ description: 'masked' }),
            at: Iso,
            line: nullable(Type.String()),
            station: nullable(Type.String()),
            decision: Type.String(),
            zh: Type.String(),
            en: Type.String(),
            assisted: Type.Boolean(),
            annulled: Type.Boolean(),
          }),
          { description: "The holder's latest taps (at most 10), newest first" },
        ),
      }),
    ),
    card: nullable(
      Type.Object({
        masked: Type.String(),
        medium: Type.Enum(MEDIA),
        product: Type.String(),
        state: Type.Enum(CARD_STATES),
        binding: nullable(Type.Object({ id: Type.Integer(), since: Iso, channel: Type.String() })),
      }),
    ),
    contact: Type.Object({ email: nullable(Type.String()), phone: nullable(Type.String()) }),
    messages: Type.Array(
      Type.Object({
        id: Type.Integer(),
        author: Type.String(),
        body: Type.String(),
        at: Iso,
        internal: Type.Boolean(),
        agent: nullable(Type.String({ description: "The replying agent's display name" })),
      }),
    ),
  },
  { description: 'The ticket detail (docs/service-desk.md)' },
);
