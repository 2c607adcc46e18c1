// What a holder chooses about the notices they receive, and the two links notices carry (confirm an unbind an
// agent was asked for; stop reminders). Registered inside the holder plugin, under /api/v1/kit and /api/v1/app.
// The link routes need no session: the signed token is the proof, as a one-time code is (services/holder/links.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { confirmUnbind } from '../services/desk/assisted-unbind.ts';
import { remindersOffByLink, setPreferences } from '../services/holder/reminders.ts';
import type { Channel } from '../domain/channels.ts';
import { holderSession } from './holder-auth.ts';
import { bearer, errorResponses } from './schemas.ts';

const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
const Preferences = Type.Object({
  lang: Type.Union([Type.Literal('zh'), Type.Literal('en')], { description: 'the language notices are written in' }),
  reminders: Type.Boolean({ description: 'a reminder 12 hours before a pass lapses' }),
});
const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 1000, description: 'the token after the route in the link' }) });

export const holderNoticeRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; channel: Channel }> = async (app, { ctx, channel }) => {
  const tags = [channel];

  app.get('/preferences', {
    schema: { tags, summary: 'The language of notices and whether reminders are on', security: bearer, response: { 200: Preferences, ...errorResponses } },
    handler: async (request) => setPreferences(ctx, await holderSession(ctx, request, channel), {}),
  });

  app.put('/preferences', {
    schema: {
      tags,
      summary: 'Choose the language of notices, and turn reminders on or off',
      security: bearer,
      body: Type.Object({ lang: Type.Optional(Lang), reminders: Type.Optional(Type.Boolean()) }),
      response: { 200: Preferences, ...errorResponses },
    },
    handler: async (request) => setPreferences(ctx, await holderSession(ctx, request, channel), request.body),
  });

  app.post('/links/unbind', {
    schema: {
      tags,
      summary: 'Confirm an unbind that customer service was asked for (the link in the notice): the card is unbound now',
      body: Token,
      response: { 200: Type.Object({ card: Type.String({ description: 'the card unbound, masked' }) }), ...errorResponses },
    },
    handler: async (request) => confirmUnbind(ctx, request.body.token),
  });

  app.post('/links/reminders-off', {
    schema: { tags, summary: 'Stop reminders (the link in a reminder)', body: Token, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      await remindersOffByLink(ctx, request.body.token);
      return reply.code(204).send(null);
    },
  });
};
