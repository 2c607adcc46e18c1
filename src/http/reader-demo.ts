// A demo-only way for the /reader display to become a reader: a fresh one-time enrolment token for a
// training gate, so a demo needs no operator sign-in. Registered only beside the demo outbox (the default
// notifier), i.e. never in a deployment with a real notifier. The token is then traded at the ordinary
// POST /api/v1/terminal/enrol, like any reader's.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { issueEnrolment } from '../services/operator/terminals.ts';
import { errorResponses } from './schemas.ts';

export const DEMO_READER_PLACEMENT = { kind: 'metro-gate', line: '培训 Training', station: '演示闸机 Demo gate' } as const;

export const readerDemoRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post('/reader-enrolment', {
    config: { rateLimit: { max: 30, timeWindow: '10 minutes' } },
    schema: {
      tags: ['demo'],
      summary: 'Demo only: a one-time enrolment token for a training gate (the /reader display)',
      response: { 201: Type.Object({ token: Type.String(), expiresAt: Type.String() }), ...errorResponses },
    },
    handler: async (_request, reply) => {
      const issued = await issueEnrolment(ctx, DEMO_READER_PLACEMENT, 'demo:reader-display');
      return reply.code(201).send({ token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
    },
  });
};
