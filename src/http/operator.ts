// Operator routes (role: operator): entry policies, the agreement, terminals, and the outbox (operator-outbox.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PRESETS } from '../domain/entry-policy.ts';
import { CODE_COLOURS } from '../domain/health.ts';
import { publishAgreement } from '../services/operator/agreement.ts';
import type { Context } from '../services/context.ts';
import { entryPolicies, POLICY_REASON_MAX, publishPolicy } from '../services/operator/entry-policy.ts';
import { issueEnrolment, registeredTerminals, revokeTerminal } from '../services/operator/terminals.ts';
import { dashboard } from '../services/operator/dashboard.ts';
import { whatIf } from '../services/operator/what-if.ts';
import type { EntryPolicy } from '../domain/entry-policy.ts';
import { TERMINAL_KINDS } from '../domain/terminals.ts';
import { Dashboard, EntryPolicies, EntryPolicyView, RegisteredTerminals, WhatIf } from './operator-schemas.ts';
import { operatorOutboxRoutes } from './operator-outbox.ts';
import type { ServerParts } from './server-parts.ts';
import { bearer, errorResponses, NewVersion } from './schemas.ts';
import { requireRole } from './staff-sign-in.ts';

const tags = ['operator'];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const Policy = Type.Object({
  version: NewVersion,
  passColours: Type.Array(Type.Union(CODE_COLOURS.map((c) => Type.Literal(c))), { minItems: 1 }),
  maxTestAgeHours: Type.Union([Type.Number({ minimum: 1 }), Type.Null()], { description: 'null: no test needed' }),
  maxListAgeMinutes: Type.Number({ minimum: 1 }),
  effectiveAt: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
});

// Publishing takes the reason as well; an empty or missing one is refused with POLICY_REASON_REQUIRED (the
// service's check), not the schema's generic error, so the page can say what is missing.
const PublishedPolicy = Type.Object({
  ...Policy.properties,
  reason: Type.Optional(Type.String({ maxLength: POLICY_REASON_MAX, description: 'why it is published; stored in the audit log' })),
});

type PolicyBody = { version: number; passColours: EntryPolicy['passColours']; maxTestAgeHours: number | null; maxListAgeMinutes: number; effectiveAt?: string };

const toPolicy = (b: PolicyBody, now: number): EntryPolicy => ({
  version: b.version,
  passColours: b.passColours,
  maxTestAgeMs: b.maxTestAgeHours === null ? null : Math.round(b.maxTestAgeHours * 3_600_000),
  maxListAgeMs: Math.round(b.maxListAgeMinutes * 60_000),
  effectiveAt: b.effectiveAt ? Date.parse(b.effectiveAt) : now,
});

export const operatorRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  const operator = async (request: Parameters<typeof requireRole>[1]) => `operator:${(await requireRole(parts, request, 'operator')).staff.id}`;
  await app.register(operatorOutboxRoutes, { ctx, parts });

  app.post('/policies/what-if', {
    schema: {
      tags,
      security: bearer,
      summary: 'How every bound card would be decided under a proposed policy, against the policy in force',
      body: Policy,
      response: { 200: WhatIf, ...errorResponses },
    },
    handler: async (request) => {
      await operator(request);
      const now = ctx.clock();
      const proposed = toPolicy(request.body, now);
      // Decide at the time it takes effect (or now), as readers will.
      return whatIf(ctx, proposed, Math.max(now, proposed.effectiveAt));
    },
  });

  app.get('/dashboard', {
    schema: { tags, security: bearer, summary: 'Live figures: taps per minute, bindings over time, reader list lag', response: { 200: Dashboard, ...errorResponses } },
    handler: async (request) => {
      await operator(request);
      return dashboard(ctx, parts.publisher.version);
    },
  });

  app.get('/policies', {
    schema: { tags, security: bearer, summary: 'Published entry policies, the one in force, and the presets', response: { 200: EntryPolicies, ...errorResponses } },
    handler: async (request) => {
      await operator(request);
      const now = ctx.clock();
      return { ...(await entryPolicies(ctx, now)), presets: PRESETS };
    },
  });

  app.post('/policies', {
    schema: { tags, security: bearer, summary: 'Publish an entry policy version, with the reason', body: PublishedPolicy, response: { 201: EntryPolicyView, ...errorResponses } },
    handler: async (request, reply) => {
      const actor = await operator(request);
      const policy = await publishPolicy(ctx, toPolicy(request.body, ctx.clock()), actor, request.body.reason ?? '');
      return reply.code(201).send({ ...policy, passColours: [...policy.passColours] });
    },
  });

  app.post('/agreements', {
    schema: {
      tags,
      security: bearer,
      summary: 'Publish a new User Service Agreement version',
      body: Type.Object({ version: NewVersion, zh: Type.String({ minLength: 1, maxLength: 50_000 }), en: Type.String({ minLength: 1, maxLength: 50_000 }) }),
      response: { 201: Type.Ref('Agreement'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const agreement = await publishAgreement(ctx, request.body, await operator(request));
      return reply.code(201).send({ ...agreement, publishedAt: iso(agreement.publishedAt) });
    },
  });

  app.post('/terminals/enrolments', {
    schema: {
      tags,
      security: bearer,
      summary: 'Issue a one-time enrolment token for a reader',
      body: Type.Object({
        kind: Type.Union(TERMINAL_KINDS.map((k) => Type.Literal(k))),
        line: Type.String({ minLength: 1, maxLength: 60 }),
        station: Type.String({ minLength: 1, maxLength: 60 }),
      }),
      response: { 201: Type.Object({ token: Type.String(), expiresAt: Type.String() }), ...errorResponses },
    },
    handler: async (request, reply) => {
      const issued = await issueEnrolment(ctx, request.body, await operator(request));
      return reply.code(201).send({ token: issued.token, expiresAt: iso(issued.expiresAt)! });
    },
  });

  app.get('/terminals', {
    schema: { tags, security: bearer, summary: 'Every reader with its list version, last sync and software', response: { 200: RegisteredTerminals, ...errorResponses } },
    handler: async (request) => {
      await operator(request);
      const latest = parts.publisher.version;
      return {
        listVersion: latest,
        terminals: (await registeredTerminals(ctx)).map((t) => ({
          ...t,
          enrolledAt: iso(t.enrolledAt),
          revokedAt: iso(t.revokedAt),
          lastSyncAt: iso(t.lastSyncAt),
        })),
      };
    },
  });

  app.post('/terminals/:id/revoke', {
    schema: { tags, security: bearer, summary: 'Revoke one reader', params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      await revokeTerminal(ctx, parts.terminalAuth, request.params.id, await operator(request));
      // Its push streams on this node end now; other nodes hear of it by the store (PostgreSQL NOTIFY) and end
      // theirs at once, or at their next heartbeat at the latest (list-events.ts).
      parts.publisher.endStreamsOf(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
