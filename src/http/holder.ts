// The holder's routes, served twice: /api/v1/kit for the Health Kit applet column (travel permits and
// passports) and /api/v1/app for the Yikatong app (residence permits). One flow, two channels. Sign-in goes
// through the identity port: whichever providers the configuration turns on, these routes stay the same.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentAgreement } from '../services/operator/agreement.ts';
import type { Context } from '../services/context.ts';
import { deleteMyAccount, exportMyData, liveCard, myCards } from '../services/holder/my-data.ts';
import { myTaps } from '../services/holder/my-taps.ts';
import { confirmContactChange, requestContactChange } from '../services/holder/contact.ts';
import { endSession } from '../services/holder/sessions.ts';
import { unbind, upgrade } from '../services/holder/upgrade.ts';
import { offered, type IdentityProviders } from '../services/identity/identity-provider.ts';
import type { HolderChannel } from '../domain/channels.ts';
import { holderSession } from './holder-auth.ts';
import { holderNoticeRoutes } from './holder-notices.ts';
import { holderSignInRoutes } from './holder-sign-in.ts';
import { SignedInReply } from './holder-sign-in-schemas.ts';
import { holderTicketRoutes } from './holder-tickets.ts';
import type { TicketEvents } from '../services/desk/ticket-events.ts';
import { MyDataExport } from './my-data-schemas.ts';
import { Agreement, BindingView, bearer, errorResponses, RowId } from './schemas.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const Lang = Type.Union([Type.Literal('zh'), Type.Literal('en')], { description: 'language of the message that carries the code' });
const Delivery = Type.Union([Type.Literal('sent'), Type.Literal('queued')], {
  description: 'sent: the SMTP server or SMS gateway took the code; queued: it has not yet, and it is retried until the code expires — say it may take a little longer',
});

/**
 * Sign-in requests one address may make in 10 minutes: generous, since many phones share one address behind
 * carrier NAT; the per-document limit in the sign-in service is what stops guessing.
 */
export const SIGN_IN_REQUESTS_PER_ADDRESS = 120;

/** A sign-in code request: the document, and at a first sign-in the contact the code goes to. */
export const CodeRequestBody = Type.Object({
  type: Type.String({ maxLength: 32, examples: ['hk-macao-permit', 'taiwan-permit', 'passport', 'residence-permit'] }),
  number: Type.String({ maxLength: 64 }),
  state: Type.Optional(Type.String({ maxLength: 8, description: 'ICAO 9303 issuing state, passports only' })),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Type.String({ maxLength: 32, description: 'first sign-in: a mobile number for the code by SMS, +country code outside the mainland', examples: ['+852 9123 4567'] })),
  email: Type.Optional(Type.String({ maxLength: 254, description: 'first sign-in: an e-mail address for the code (give phone or email)', examples: ['chan@example.com'] })),
  lang: Type.Optional(Lang),
});

export const holderRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; channel: HolderChannel; identity: IdentityProviders; ticketEvents: TicketEvents }> = async (
  app,
  { ctx, channel, identity, ticketEvents },
) => {
  const tags = [channel];
  const codeRateLimit = { max: SIGN_IN_REQUESTS_PER_ADDRESS, timeWindow: '10 minutes' };

  app.post('/login/code', {
    config: { rateLimit: codeRateLimit },
    schema: {
      tags,
      summary: 'Check a document and send a one-time sign-in code to the contact on file, or at a first sign-in to the phone or e-mail given',
      body: CodeRequestBody,
      response: {
        200: Type.Object({
          challengeId: Type.String(),
          expiresAt: Type.String(),
          sentTo: Type.String({ description: 'where the code went, masked: "+852 ****1234", "c***@example.com"' }),
          via: Type.Union([Type.Literal('phone'), Type.Literal('email')]),
          contactOnFile: Type.Boolean({ description: 'the code went to the contact proven at an earlier sign-in; a contact in the request was not used' }),
          delivery: Delivery,
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const sent = await offered(identity.code).requestCode(channel, request.body);
      return { ...sent, expiresAt: iso(sent.expiresAt) };
    },
  });

  app.post('/login', {
    config: { rateLimit: codeRateLimit },
    schema: {
      tags,
      summary: 'Prove the one-time code and open a session',
      body: Type.Object({
        challengeId: Type.String({ maxLength: 64 }),
        code: Type.String({ maxLength: 16 }),
        lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')], { description: 'the language the holder reads: notices are written in it' })),
      }),
      response: { 200: SignedInReply, ...errorResponses },
    },
    handler: async (request) => {
      const session = await offered(identity.code).verifyCode(channel, request.body.challengeId, request.body.code, request.body.lang);
      return { ...session, expiresAt: iso(session.expiresAt) };
    },
  });

  app.post('/contact/code', {
    config: { rateLimit: codeRateLimit },
    schema: {
      tags,
      summary: 'Change where sign-in codes go: sends one code to the contact on file and one to the new contact',
      security: bearer,
      body: Type.Object({
        phone: Type.Optional(Type.String({ maxLength: 32 })),
        email: Type.Optional(Type.String({ maxLength: 254 })),
        lang: Type.Optional(Lang),
      }),
      response: {
        200: Type.Object({ challengeId: Type.String(), expiresAt: Type.String(), sentTo: Type.String(), oldSentTo: Type.Union([Type.String(), Type.Null()]), delivery: Delivery }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const session = await holderSession(ctx, request, channel);
      const { lang, ...contact } = request.body;
      const sent = await requestContactChange(ctx, session, contact, lang ?? 'zh');
      return { ...sent, expiresAt: iso(sent.expiresAt) };
    },
  });

  app.post('/contact', {
    config: { rateLimit: codeRateLimit },
    schema: {
      tags,
      summary: 'Prove both codes of a contact change; the new contact receives sign-in codes from now on',
      security: bearer,
      body: Type.Object({
        challengeId: Type.String({ maxLength: 64 }),
        code: Type.String({ maxLength: 16, description: 'the code sent to the new contact' }),
        oldCode: Type.Optional(Type.String({ maxLength: 16, description: 'the code sent to the contact on file' })),
      }),
      response: { 200: Type.Object({ contactMasked: Type.String() }), ...errorResponses },
    },
    handler: async (request) => {
      const session = await holderSession(ctx, request, channel);
      return confirmContactChange(ctx, session, request.body.challengeId, request.body);
    },
  });

  app.post('/logout', {
    schema: { tags, summary: 'End this session', security: bearer, response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      await endSession(ctx, await holderSession(ctx, request, channel));
      return reply.code(204).send(null);
    },
  });

  app.get('/agreement', {
    schema: { tags, summary: 'The current User Service Agreement', response: { 200: Type.Ref('Agreement'), ...errorResponses } },
    handler: async () => {
      const agreement = await currentAgreement(ctx);
      return { ...agreement, publishedAt: iso(agreement.publishedAt) };
    },
  });

  app.get('/cards', {
    schema: {
      tags,
      summary: 'My upgraded cards with their live status, and the bindings someone else ended lately (a refund, customer service)',
      security: bearer,
      response: {
        200: Type.Object({
          cards: Type.Array(Type.Ref('BindingView')),
          ended: Type.Array(Type.Ref('BindingView'), { description: 'ended in the last 30 days other than by the holder, newest first' }),
          reminders: Type.Boolean({ description: 'whether the holder gets a reminder before a pass lapses' }),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => myCards(ctx, (await holderSession(ctx, request, channel)).personId),
  });

  app.post('/cards', {
    schema: {
      tags,
      summary: 'Upgrade a card (立即升级)',
      security: bearer,
      body: Type.Object({
        cardNumber: Type.String({ maxLength: 40, examples: ['1000751000000001'] }),
        medium: Type.Optional(
          Type.Union([Type.Literal('physical'), Type.Literal('nfc')], { description: "taken from the card's master data when absent; when given and different, CARD_MEDIUM_MISMATCH" }),
        ),
        agreementVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'The version the holder ticked; null when not ticked' }),
      }),
      response: { 201: Type.Object({ card: Type.Ref('BindingView') }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const session = await holderSession(ctx, request, channel);
      const binding = await upgrade(ctx, { personId: session.personId, channel, ...request.body });
      return reply.code(201).send({ card: await liveCard(ctx, session.personId, binding) });
    },
  });

  app.delete('/cards/:bindingId', {
    schema: {
      tags,
      summary: 'Unbind an upgraded card (解除绑定)',
      security: bearer,
      params: Type.Object({ bindingId: RowId }),
      response: { 204: Type.Null(), ...errorResponses },
    },
    handler: async (request, reply) => {
      const session = await holderSession(ctx, request, channel);
      await unbind(ctx, session.personId, request.params.bindingId);
      return reply.code(204).send(null);
    },
  });

  app.get('/taps', {
    schema: {
      tags,
      summary: 'My recent taps: where, when, the decision and what it means',
      security: bearer,
      response: {
        200: Type.Object({
          taps: Type.Array(
            Type.Object({
              card: Type.String(),
              at: Type.String(),
              terminalId: Type.String(),
              line: Type.Union([Type.String(), Type.Null()]),
              station: Type.Union([Type.String(), Type.Null()]),
              decision: Type.String(),
              zh: Type.String(),
              en: Type.String(),
              online: Type.Boolean(),
              assisted: Type.Boolean(),
              annulled: Type.Boolean(),
            }),
          ),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => myTaps(ctx, (await holderSession(ctx, request, channel)).personId),
  });

  await app.register(holderSignInRoutes, { ctx, channel, identity, rateLimit: codeRateLimit });
  await app.register(holderTicketRoutes, { ctx, channel, ticketEvents });
  await app.register(holderNoticeRoutes, { ctx, channel });

  app.get('/me/export', {
    schema: { tags, summary: 'Export everything held about me (JSON)', security: bearer, response: { 200: MyDataExport, ...errorResponses } },
    handler: async (request) => exportMyData(ctx, (await holderSession(ctx, request, channel)).personId),
  });

  app.delete('/me', {
    schema: {
      tags,
      summary: 'Delete my account: bindings ended; document, contact, health record, sign-ins and tickets erased',
      security: bearer,
      response: { 200: Type.Object({ bindingsEnded: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => deleteMyAccount(ctx, (await holderSession(ctx, request, channel)).personId),
  });
};

export const holderSchemas = [Agreement, BindingView];
