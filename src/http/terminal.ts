// Routes for readers (role: terminal): enrolment, list sync and push, online verification, tap upload.
// List files are public and immutable by version, so any HTTP cache or CDN can serve them; they carry
// only keyed card hashes and pass-until values (DESIGN §4 rule 5).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { describeDecision } from '../domain/decisions.ts';
import { normalizeCardNumber } from '../domain/cards.ts';
import { YktError } from '../domain/errors.ts';
import type { Context } from '../services/context.ts';
import { enrol } from '../services/operator/terminals.ts';
import type { ListFileKind, Terminal } from '../store/store.ts';
import { bearerToken } from './holder-auth.ts';
import type { ServerParts } from './server-parts.ts';
import { errorResponses } from './schemas.ts';
import { syncPlan } from '../services/lists/sync-plan.ts';
import { streamListEvents } from './list-events.ts';

const tags = ['terminal'];
const security = [{ terminal: [] as string[] }];
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export const terminalRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  /** Authenticates the reader and records what it reports about itself (list version, software). */
  async function reader(request: FastifyRequest): Promise<Terminal> {
    const terminal = await parts.terminalAuth.authenticate(bearerToken(request));
    const listVersion = Number(request.headers['x-reader-list-version']);
    const software = request.headers['x-reader-software'];
    if (Number.isInteger(listVersion) || typeof software === 'string') {
      await ctx.store.terminals.report(terminal.id, {
        listVersion: Number.isInteger(listVersion) ? listVersion : terminal.listVersion,
        softwareVersion: typeof software === 'string' ? software.slice(0, 64) : terminal.softwareVersion,
        at: ctx.clock(),
      });
    }
    return terminal;
  }

  const provisioning = () => ({
    publicKeys: [...ctx.listKeys.publicKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
    hashKeys: [...ctx.listKeys.hashKeys].map(([keyId, key]) => ({ keyId, key: b64(key) })),
  });
  const Keys = Type.Array(Type.Object({ keyId: Type.Integer(), key: Type.String({ description: 'base64' }) }));

  app.post('/enrol', {
    schema: {
      tags,
      summary: 'Trade a one-time enrolment token for reader credentials and list keys',
      body: Type.Object({ token: Type.String({ maxLength: 100 }), softwareVersion: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: {
        201: Type.Object({ terminalId: Type.String(), credentials: Type.String(), publicKeys: Keys, hashKeys: Keys }),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const { terminal, credentials } = await enrol(ctx, request.body.token, request.body.softwareVersion ?? null);
      return reply.code(201).send({ terminalId: terminal.id, credentials, ...provisioning() });
    },
  });

  app.get('/config', {
    schema: { tags, security, summary: 'Current list keys (they rotate)', response: { 200: Type.Object({ publicKeys: Keys, hashKeys: Keys }), ...errorResponses } },
    handler: async (request) => {
      await reader(request);
      return provisioning();
    },
  });

  app.get('/lists/sync', {
    schema: {
      tags,
      security,
      summary: 'What a reader at version `from` fetches to be current: deltas, or a snapshot and deltas',
      querystring: Type.Object({ from: Type.Integer({ minimum: 0, default: 0 }) }),
      response: {
        200: Type.Object({ version: Type.Integer(), snapshot: Type.Union([Type.String(), Type.Null()]), deltas: Type.Array(Type.String()) }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      await reader(request);
      return syncPlan(ctx, request.query.from, '/api/v1/terminal/lists');
    },
  });

  async function sendFile(reply: FastifyReply, kind: ListFileKind, from: number, version: number) {
    const bytes = await ctx.store.lists.getFile(kind, from, version);
    if (!bytes) throw new YktError('LIST_NOT_FOUND');
    return reply
      .header('content-type', 'application/octet-stream')
      .header('etag', `"${kind}-${from}-${version}"`)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(Buffer.from(bytes));
  }

  app.get('/lists/snapshot/:version', {
    schema: { tags, summary: 'A signed snapshot (immutable)', params: Type.Object({ version: Type.Integer({ minimum: 1 }) }) },
    handler: (request, reply) => sendFile(reply, 'snapshot', request.params.version, request.params.version),
  });

  app.get('/lists/delta/:from/:version', {
    schema: {
      tags,
      summary: 'A signed delta from one version to the next (immutable)',
      params: Type.Object({ from: Type.Integer({ minimum: 0 }), version: Type.Integer({ minimum: 1 }) }),
    },
    handler: (request, reply) => sendFile(reply, 'delta', request.params.from, request.params.version),
  });

  app.get('/lists/heartbeat', {
    schema: { tags, summary: 'The latest signed heartbeat: "version V is still current at time T"' },
    handler: async (_request, reply) => {
      const beat = parts.publisher.latestHeartbeat();
      if (!beat) throw new YktError('LIST_NOT_READY');
      return reply.header('content-type', 'application/octet-stream').header('cache-control', 'no-cache').send(Buffer.from(beat.bytes));
    },
  });

  app.get('/events', {
    schema: {
      tags,
      security,
      summary: 'Server-sent events: each new delta and heartbeat, base64, as it is published',
      querystring: Type.Object({ from: Type.Integer({ minimum: 0, default: 0 }) }),
    },
    handler: async (request, reply) => {
      await reader(request);
      await streamListEvents(ctx, parts.publisher, request, reply, request.query.from);
    },
  });

  app.post('/verify', {
    schema: {
      tags,
      security,
      summary: 'Online verification of one tap: card number → decision',
      body: Type.Object({ cardNumber: Type.String({ maxLength: 40 }) }),
      response: {
        200: Type.Object({
          decision: Type.String(),
          zh: Type.String(),
          en: Type.String(),
          light: Type.String(),
          sound: Type.String(),
          reason: Type.Integer(),
          listVersion: Type.Integer(),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      await parts.terminalAuth.authenticate(bearerToken(request));
      const decision = parts.publisher.list.decide(normalizeCardNumber(request.body.cardNumber), ctx.clock());
      const cue = describeDecision(decision);
      return { decision, zh: cue.zh, en: cue.en, light: cue.light, sound: cue.sound, reason: cue.reason, listVersion: parts.publisher.version };
    },
  });

  app.post('/taps', {
    schema: {
      tags,
      security,
      summary: 'Upload tap records in an idempotent batch (each tap id is stored once)',
      body: Type.Object({
        batchId: Type.String({ maxLength: 64 }),
        taps: Type.Array(
          Type.Object({
            tapId: Type.String({ maxLength: 32 }),
            cardKey: Type.String({ maxLength: 16 }),
            decision: Type.String({ maxLength: 20 }),
            at: Type.Number(),
            listVersion: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            online: Type.Optional(Type.Boolean()),
          }),
          { maxItems: 5000 },
        ),
        annulments: Type.Array(Type.Object({ tapId: Type.String({ maxLength: 32 }), at: Type.Number() }), { maxItems: 5000, default: [] }),
      }),
      response: { 200: Type.Object({ stored: Type.Integer(), duplicates: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => parts.tapWriter.write(await reader(request), request.body),
  });
};
