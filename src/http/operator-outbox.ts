// Operator routes for the outbox (role: operator), mounted by operatorRoutes under /api/v1/admin: what is
// waiting and what was given up, and the retry of a failed message.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { outboxReport, retryMessage } from '../services/operator/messages.ts';
import { OutboxReport, QueuedMessageView } from './operator-outbox-schemas.ts';
import type { ServerParts } from './server-parts.ts';
import { bearer, errorResponses, RowId } from './schemas.ts';
import { requireRole } from './staff-sign-in.ts';

const tags = ['operator'];

export const operatorOutboxRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  app.get('/messages', {
    schema: {
      tags,
      security: bearer,
      summary: 'Outgoing messages: counts by status, and those given up with the reason (recipients masked)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
      response: { 200: OutboxReport, ...errorResponses },
    },
    handler: async (request) => {
      await requireRole(parts, request, 'operator');
      return outboxReport(ctx, request.query.limit);
    },
  });

  app.post('/messages/:id/retry', {
    schema: {
      tags,
      security: bearer,
      summary: 'Retry a failed message: queued again with every try ahead of it, and tried at once',
      params: Type.Object({ id: RowId }),
      response: { 200: QueuedMessageView, ...errorResponses },
    },
    handler: async (request) => {
      const { staff } = await requireRole(parts, request, 'operator');
      return retryMessage(ctx, request.params.id, `operator:${staff.id}`);
    },
  });
};
