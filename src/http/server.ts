// The HTTP API: one Fastify app, one plugin per audience, JSON schemas on every route, and the OpenAPI
// document generated from those schemas.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Context } from '../services/context.ts';
import type { OutboxNotifier } from '../services/messages/outbox-notifier.ts';
import { readiness } from '../services/operator/serving.ts';
import { demoRoutes } from './demo.ts';
import { clientErrors, frameworkErrors, refusalOf, registerErrorHandling } from './errors.ts';
import { refuseNulCharacters } from './text-input.ts';
import { operatorRoutes } from './operator.ts';
import { healthFeedRoutes } from './health-feed.ts';
import { metricsRoutes, registerRequestMetrics } from './metrics.ts';
import { probeRoutes } from './probes.ts';
import { registerRequestIds, requestIdGenerator } from './request-ids.ts';
import { registerSecurity } from './security.ts';
import { holderRoutes, holderSchemas } from './holder.ts';
import { compileOnFirstUse } from './lazy-schemas.ts';
import { createServerParts, type ServerParts } from './server-parts.ts';
import { staffSignInRoutes } from './staff-sign-in.ts';
import { terminalRoutes } from './terminal.ts';
import { pagesPlugin } from './pages.ts';
import { holderTicketSchemas } from './holder-tickets.ts';
import { publicRoutes } from './public.ts';
import { readerDemoRoutes } from './reader-demo.ts';
import { agentRoutes } from './agent.ts';
import { staffRoutes } from './staff.ts';
import { outletRoutes } from './outlet.ts';

declare module 'fastify' {
  interface FastifyInstance {
    parts: ServerParts;
  }
}

export interface ServerOptions {
  /** The process's pino logger; without one the API logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** The demo outbox: with it, /api/v1/demo serves its codes and mails and a demo reader enrolment. */
  outbox?: OutboxNotifier;
  /** Config's TRUST_PROXY. */
  trustProxy?: boolean | string;
  /** YKT_METRICS_TOKEN: the bearer token /metrics asks for; without one, /metrics is not served. */
  metricsToken?: string;
}

/** Pino options that keep secrets and personal data out of every log line (DESIGN §4 rule 6). */
export const logRedaction = { paths: ['req.headers.authorization', '*.number', '*.documentNumber', '*.name'], censor: '[redacted]' };

/**
 * Builds the whole API, ready to `listen()` or `inject()`.
 * @example const app = await buildServer(ctx); await app.listen({ port: 0 });
 */
export async function buildServer(ctx: Context, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    frameworkErrors,
    clientErrorHandler: clientErrors,
    // Behind a load balancer the client's address (rate limits, logs) comes from X-Forwarded-For.
    trustProxy: options.trustProxy ?? false,
    genReqId: requestIdGenerator(options.trustProxy ?? false),
    schemaController: { compilersFactory: compileOnFirstUse() },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app, (error) => ctx.store.isUnavailable(error));
  refuseNulCharacters(app);
  registerRequestIds(app);
  await registerSecurity(app);
  for (const schema of [...holderSchemas, ...holderTicketSchemas]) app.addSchema(schema);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Yikatong Upgrade API',
        version: '1',
        description: 'Bind a Yikatong card to its holder\'s health-code identity. Errors carry a stable code and zh/en text.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A holder or staff session token' },
          terminal: { type: 'http', scheme: 'bearer', description: 'Reader credentials `<terminal id>.<secret>`' },
          listLink: { type: 'apiKey', in: 'query', name: 'sig', description: 'A reader list file URL as the sync plan gives it, signed and short-lived: `?expires=<unix seconds>&sig=<base64url>`' },
          metrics: { type: 'http', scheme: 'bearer', description: 'YKT_METRICS_TOKEN, for Prometheus (docs/deploy.md)' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, { global: false });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const parts = createServerParts(ctx);
  app.decorate('parts', parts);
  registerRequestMetrics(app, parts.metrics, refusalOf);
  await app.register(probeRoutes, { ready: () => readiness(ctx, parts.publisher.version) });
  // Readers hear of a change within the second: every successful write pokes the list publisher.
  let closing = false;
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method !== 'GET' && reply.statusCode < 400 && !request.url.startsWith('/api/v1/terminal/')) void parts.publisher.poke();
    // A request in flight when closing began keeps its kept-alive connection open once answered (Node closes
    // only the connections idle at that moment): without this, closing waits for the client to hang up.
    if (closing) request.raw.socket?.end();
    done();
  });
  app.addHook('onReady', async () => parts.start());
  // Before Fastify waits for open connections to finish: end the readers' push streams, or it waits forever.
  app.addHook('preClose', async () => {
    closing = true;
    const streams = parts.publisher.subscribers;
    parts.publisher.endStreams();
    app.log.info({ streams }, 'shutdown: push streams ended');
  });
  app.addHook('onClose', async () => {
    await parts.stop();
    app.log.info('shutdown: in-flight writes committed (tap uploads, list builds)');
  });

  await app.register(holderRoutes, { prefix: '/api/v1/kit', ctx, channel: 'kit', identity: parts.identity, ticketEvents: parts.ticketEvents });
  await app.register(holderRoutes, { prefix: '/api/v1/app', ctx, channel: 'app', identity: parts.identity, ticketEvents: parts.ticketEvents });
  await app.register(terminalRoutes, { prefix: '/api/v1/terminal', ctx, parts });
  await app.register(healthFeedRoutes, { prefix: '/api/v1/health-feed', ctx });
  await app.register(staffSignInRoutes, { prefix: '/api/v1/staff-session', parts });
  await app.register(operatorRoutes, { prefix: '/api/v1/admin', ctx, parts });
  await app.register(agentRoutes, { prefix: '/api/v1/service', ctx, parts });
  await app.register(publicRoutes, { prefix: '/api/v1/outlets', ctx });
  await app.register(staffRoutes, { prefix: '/api/v1/staff', ctx, parts });
  await app.register(outletRoutes, { prefix: '/api/v1/outlet', ctx, parts });
  if (options.metricsToken) await app.register(metricsRoutes, { ctx, parts, token: options.metricsToken });
  if (options.outbox) await app.register(demoRoutes, { prefix: '/api/v1/demo', outbox: options.outbox });
  if (options.outbox) await app.register(readerDemoRoutes, { prefix: '/api/v1/demo', ctx });
  await app.register(pagesPlugin);
  return app;
}
