// The inbound-mail webhook a mail gateway posts parsed messages to (docs/deploy.md: "Inbound mail"). It
// serves no signed-in role: the gateway proves itself with a shared secret in a header, checked when the
// request arrives, before its body is read or parsed — an anonymous caller cannot make the server buffer
// 4 MiB or run the JSON parser, and hears 401 whatever it sent.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { checkMailSecret, receiveMail } from '../services/desk/ticket-mail.ts';
import { errorResponses } from './schemas.ts';

/** The header the gateway sends the secret in (`ykt service mail-secret` prints the value). */
export const MAIL_SECRET_HEADER = 'x-ykt-mail-secret';

const Outcome = Type.Object({ ticketId: Type.Integer(), threaded: Type.Boolean(), duplicate: Type.Boolean() });

export const inboundMailRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post('/inbound-mail', {
    schema: {
      tags: ['service-mail'],
      summary: `A parsed inbound e-mail from a mail gateway (header ${MAIL_SECRET_HEADER}, checked before the body is read); idempotent by messageId`,
      body: Type.Object({
        from: Type.String({ minLength: 3, maxLength: 320 }),
        to: Type.String({ maxLength: 2000 }),
        subject: Type.String({ maxLength: 2000 }),
        text: Type.String({ maxLength: 1_000_000 }),
        messageId: Type.String({ minLength: 3, maxLength: 998 }),
        inReplyTo: Type.Optional(Type.String({ maxLength: 998 })),
        references: Type.Optional(Type.Array(Type.String({ maxLength: 998 }), { maxItems: 100 })),
      }),
      response: { 200: Outcome, 201: Outcome, ...errorResponses, 413: Type.Ref('ErrorReply') },
    },
    // onRequest runs before Fastify reads the body (preParsing, then the content-type parser that also
    // enforces bodyLimit), so a wrong secret is answered without touching what follows the headers; and the
    // connection is closed after the answer, or Node would read the unwanted body to reuse it.
    onRequest: async (request, reply) => {
      const secret = request.headers[MAIL_SECRET_HEADER];
      try {
        checkMailSecret(ctx, typeof secret === 'string' ? secret : undefined);
      } catch (error) {
        reply.header('connection', 'close');
        throw error;
      }
    },
    // Mail bodies can be long; the default 1 MiB body limit would refuse some real messages.
    bodyLimit: 4 * 1024 * 1024,
    handler: async (request, reply) => {
      const outcome = await receiveMail(ctx, request.body);
      return reply.code(outcome.opened ? 201 : 200).send({ ticketId: outcome.ticketId, threaded: outcome.threaded, duplicate: outcome.duplicate });
    },
  });
};
