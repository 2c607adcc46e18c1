// Routes for readers (role: terminal): enrolment, list sync and push, online verification, tap upload.
// List files go to enrolled readers only (DESIGN §4 rule 5): a file is served on the reader's credentials,
// or on the short-lived signed URL the (authenticated) sync plan names it by. The files are immutable by
// version and the signed URLs are the same for every reader within a window (services/lists/list-links.ts),
// so an HTTP cache or CDN can still serve one object to all readers; only signed answers are shareable.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../services/context.ts';
import { provisioningKeys } from '../services/lists/key-ring.ts';
import { listFile, type ListFileKind } from '../services/lists/list-files.ts';
import { verifyOnline } from '../services/lists/online-verify.ts';
import { signListPath } from '../services/lists/list-links.ts';
import { syncPlan } from '../services/lists/sync-plan.ts';
import { YktError } from '../domain/errors.ts';
import { enrol, recordTerminalReport, type Terminal } from '../services/operator/terminals.ts';
import { bearerToken } from './holder-auth.ts';
import { streamListEvents } from './list-events.ts';
import { LinkQuery, listFileCacheControl } from './list-file-access.ts';
import type { ServerParts } from './server-parts.ts';
import { errorResponses, listVersion, mediaResponse } from './schemas.ts';
import { parseJsonNotingNul } from './text-input.ts';

const tags = ['terminal'];
const security = [{ terminal: [] as string[] }];
/** List files: either the reader's credentials or a signed link (OpenAPI: alternatives). */
const fileSecurity = [...security, { listLink: [] as string[] }];
const LISTS = '/api/v1/terminal/lists';

const listFileResponse = (description: string) => mediaResponse(description, 'application/octet-stream', { type: 'string', format: 'binary' });

export const terminalRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  parseJsonNotingNul(app);
  /** Authenticates the reader and records what it reports about itself (list version, software). */
  async function reader(request: FastifyRequest): Promise<Terminal> {
    const terminal = await parts.terminalAuth.authenticate(bearerToken(request));
    const listVersion = Number(request.headers['x-reader-list-version']);
    const software = request.headers['x-reader-software'];
    await recordTerminalReport(ctx, terminal, {
      listVersion: Number.isInteger(listVersion) ? listVersion : null,
      softwareVersion: typeof software === 'string' ? software : null,
    });
    return terminal;
  }

  const Keys = Type.Array(Type.Object({ keyId: Type.Integer(), key: Type.String({ description: 'base64' }) }));
  const Provisioning = {
    rootKeys: Keys,
    hashKeys: Keys,
    revokedKeyIds: Type.Array(Type.Integer(), { description: 'revoked list signing key ids' }),
  };

  app.post('/enrol', {
    schema: {
      tags,
      summary: 'Trade a one-time enrolment token for reader credentials, the root public keys and hash keys',
      body: Type.Object({ token: Type.String({ maxLength: 100 }), softwareVersion: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: {
        201: Type.Object({ terminalId: Type.String(), credentials: Type.String(), ...Provisioning }),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const { terminal, credentials } = await enrol(ctx, request.body.token, request.body.softwareVersion ?? null);
      return reply.code(201).send({ terminalId: terminal.id, credentials, ...provisioningKeys(ctx.keyRing, ctx.clock()) });
    },
  });

  app.get('/config', {
    schema: { tags, security, summary: 'The hash key in force and the next one (they rotate), root keys and revoked signing key ids', response: { 200: Type.Object(Provisioning), ...errorResponses } },
    handler: async (request) => {
      await reader(request);
      return provisioningKeys(ctx.keyRing, ctx.clock());
    },
  });

  app.get('/lists/sync', {
    schema: {
      tags,
      security,
      summary: 'What a reader at version `from` fetches to be current: deltas, or a snapshot and deltas',
      querystring: Type.Object({ from: listVersion(0, { default: 0 }) }),
      response: {
        200: Type.Object({ version: Type.Integer(), snapshot: Type.Union([Type.String(), Type.Null()]), deltas: Type.Array(Type.String()) }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      await reader(request);
      return syncPlan(ctx, request.query.from, LISTS, (path) => signListPath(ctx, path));
    },
  });

  // No Vary: the bytes at a URL never depend on who asks, only whether they are served. A credentialed answer
  // is `private`, so no shared cache stores it; a signed one is `public`, which lets a shared cache store it
  // although the reader's request carried Authorization (RFC 9111 §3.5), under its URL with the query: one
  // object per file and window. `Vary: Authorization` would split that object into one per reader.
  async function sendFile(request: FastifyRequest, reply: FastifyReply, link: { expires?: string; sig?: string }, kind: ListFileKind, from: number, version: number) {
    const cacheControl = await listFileCacheControl(ctx, parts.terminalAuth, request, link);
    const bytes = await listFile(ctx, kind, from, version);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('etag', `"${kind}-${from}-${version}"`)
      .header('cache-control', cacheControl)
      .send(Buffer.from(bytes));
  }

  app.get('/lists/snapshot/:version', {
    schema: {
      tags,
      security: fileSecurity,
      summary: 'A signed snapshot (immutable), on reader credentials or a signed link from the sync plan',
      params: Type.Object({ version: listVersion(1) }),
      querystring: LinkQuery,
      response: { 200: listFileResponse('The snapshot file (docs/reader-list-format.md)'), ...errorResponses },
    },
    handler: (request, reply) => sendFile(request, reply, request.query, 'snapshot', request.params.version, request.params.version),
  });

  app.get('/lists/delta/:from/:version', {
    schema: {
      tags,
      security: fileSecurity,
      summary: 'A signed delta from one version to the next (immutable), on reader credentials or a signed link from the sync plan',
      params: Type.Object({ from: listVersion(0), version: listVersion(1) }),
      querystring: LinkQuery,
      response: { 200: listFileResponse('The delta file (docs/reader-list-format.md)'), ...errorResponses },
    },
    handler: (request, reply) => sendFile(request, reply, request.query, 'delta', request.params.from, request.params.version),
  });

  app.get('/lists/heartbeat', {
    schema: {
      tags,
      security,
      summary: 'The latest signed heartbeat: "version V is still current at time T"',
      response: { 200: listFileResponse('The heartbeat file (docs/reader-list-format.md)'), ...errorResponses },
    },
    handler: async (request, reply) => {
      await reader(request);
      const beat = parts.publisher.latestHeartbeat();
      if (!beat) throw new YktError('LIST_NOT_READY');
      // It changes every few seconds and only a reader may have it: never shared, never reused unchecked.
      return reply.header('content-type', 'application/octet-stream').header('cache-control', 'private, no-cache').send(Buffer.from(beat.bytes));
    },
  });

  app.get('/events', {
    schema: {
      tags,
      security,
      summary: 'Server-sent events: each new delta and heartbeat, base64, as it is published',
      querystring: Type.Object({ from: listVersion(0, { default: 0 }) }),
      response: {
        200: mediaResponse('Events `delta`, `heartbeat` and `resync`, each with JSON data', 'text/event-stream', { type: 'string' }),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const terminal = await reader(request);
      const atHeartbeat = async (version: number) => parts.streamedSyncs.record(await parts.terminalAuth.authenticate(bearerToken(request)), version);
      await streamListEvents(ctx, parts.publisher, request, reply, request.query.from, { terminalId: terminal.id, atHeartbeat });
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
      return verifyOnline(ctx, parts.publisher, request.body.cardNumber);
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
            listVersion: Type.Optional(Type.Union([listVersion(0), Type.Null()])),
            online: Type.Optional(Type.Boolean()),
          }),
          { maxItems: 5000 },
        ),
        annulments: Type.Array(Type.Object({ tapId: Type.String({ maxLength: 32 }), at: Type.Number() }), { maxItems: 5000, default: [] }),
      }),
      response: { 200: Type.Object({ stored: Type.Integer(), duplicates: Type.Integer() }), ...errorResponses },
    },
    handler: async (request) => {
      const result = await parts.tapWriter.write(await reader(request), request.body);
      parts.metrics.countTaps(request.body.taps, result);
      return result;
    },
  });
};
