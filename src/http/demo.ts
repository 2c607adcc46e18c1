// The demo outbox: where the default notifier's one-time codes can be read, since a demo has no phone.
// Registered only when the outbox notifier is in use; a real notifier leaves this route out.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { OutboxNotifier } from '../services/outbox-notifier.ts';

export const demoRoutes: FastifyPluginAsyncTypebox<{ outbox: OutboxNotifier }> = async (app, { outbox }) => {
  app.get('/outbox', {
    schema: {
      tags: ['demo'],
      summary: 'One-time codes the demo notifier "sent", newest first (documents masked); ?challengeId= picks one',
      querystring: Type.Object({ challengeId: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: {
        200: Type.Object({
          messages: Type.Array(
            Type.Object({ challengeId: Type.String(), to: Type.String(), channel: Type.String(), code: Type.String(), expiresAt: Type.String() }),
          ),
        }),
      },
    },
    handler: async (request) => ({
      messages: outbox
        .recent()
        .filter((m) => !request.query.challengeId || m.challengeId === request.query.challengeId)
        .map((m) => ({ ...m, expiresAt: new Date(m.expiresAt).toISOString() })),
    }),
  });
};
