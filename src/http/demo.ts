// The demo outbox: where the demo notifier's one-time codes and other messages (agents' e-mail replies) can
// be read, since a demo has no phone and no mail server. They reach it through the same durable outbox as a
// deployment's messages. Registered only when the outbox notifier is in use; a real notifier leaves this
// route out.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OutboxNotifier } from '../services/messages/outbox-notifier.ts';

export const demoRoutes: FastifyPluginAsyncTypebox<{ outbox: OutboxNotifier }> = async (app, { outbox }) => {
  // Production answers 404 here: the /reader display asks, to offer its demo enrolment or say an operator enrols it.
  app.get('/', {
    schema: { tags: ['demo'], summary: 'Present in the demo only (404 in production)', response: { 200: Type.Object({ demo: Type.Literal(true) }) } },
    handler: async () => ({ demo: true as const }),
  });
  app.get('/outbox', {
    schema: {
      tags: ['demo'],
      summary: 'One-time codes (contacts masked) and e-mail replies the demo notifier "sent", newest first; ?challengeId= picks one code',
      querystring: Type.Object({ challengeId: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: {
        200: Type.Object({
          messages: Type.Array(
            Type.Object({
              challengeId: Type.String(),
              to: Type.String({ description: 'the contact the code went to, masked' }),
              via: Type.String({ description: 'phone or email' }),
              channel: Type.String(),
              code: Type.String(),
              expiresAt: Type.String(),
            }),
          ),
          mails: Type.Array(
            Type.Object({
              to: Type.String(),
              subject: Type.String(),
              text: Type.String(),
              messageId: Type.String(),
              inReplyTo: Type.Union([Type.String(), Type.Null()]),
            }),
          ),
        }),
      },
    },
    handler: async (request) => ({
      messages: outbox
        .recent()
        .filter((m) => !request.query.challengeId || m.challengeId === request.query.challengeId)
        .map((m) => ({ ...m, expiresAt: new Date(m.expiresAt).toISOString() })),
      mails: outbox.recentMails().map((m) => ({ to: m.to.value, subject: m.subject, text: m.text, messageId: m.messageId, inReplyTo: m.inReplyTo ?? null })),
    }),
  });
};
