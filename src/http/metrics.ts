// Prometheus: what this node counted (events, request latency, its process) and, read from the store at
// scrape time, the shared totals. /metrics is for the operator's Prometheus only: it needs the bearer token
// YKT_METRICS_TOKEN, and without one configured it does not exist (404). Names: docs/deploy.md.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import type { Context } from '../services/context.ts';
import { dashboard, storeTotals } from '../services/operator/dashboard.ts';
import { YktError } from '../domain/errors.ts';
import type { NodeMetrics } from './node-metrics.ts';
import { errorResponses } from './schemas.ts';
import type { ServerParts } from './server-parts.ts';

// Declared by media type: a string body with its content type set is sent as it is, never serialised.
const MetricsText = {
  description: 'Prometheus text exposition format',
  content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
};

/** Route pattern → the event a success answer means. */
const EVENTS: Record<string, (m: NodeMetrics) => void> = {
  'POST /api/v1/kit/cards': (m) => m.upgrades.inc({ channel: 'kit' }),
  'POST /api/v1/app/cards': (m) => m.upgrades.inc({ channel: 'app' }),
  'DELETE /api/v1/kit/cards/:bindingId': (m) => m.unbinds.inc({ channel: 'kit' }),
  'DELETE /api/v1/app/cards/:bindingId': (m) => m.unbinds.inc({ channel: 'app' }),
  'POST /api/v1/service/tickets/:id/unbind': (m) => m.unbinds.inc({ channel: 'agent' }),
  'POST /api/v1/kit/login': (m) => m.signIns.inc({ role: 'holder' }),
  'POST /api/v1/app/login': (m) => m.signIns.inc({ role: 'holder' }),
  'POST /api/v1/staff-session/login': (m) => m.signIns.inc({ role: 'staff' }),
};

/** Times every answer and counts the events and refusals it stands for. */
export function registerRequestMetrics(app: FastifyInstance, metrics: NodeMetrics, refusalOf: (request: FastifyRequest) => string | null): void {
  // Synchronous: an async hook costs every answer a promise for work that never waits.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
    const refusal = refusalOf(request);
    if (refusal) metrics.refusals.inc({ code: refusal });
    else if (reply.statusCode < 300) EVENTS[`${request.method} ${route}`]?.(metrics);
    done();
  });
}

/** Compares without leaking, through timing, how much of the token was right. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const SHARED = '(read from the shared store: the same on every node, so aggregate across nodes with max, not sum)';

export const metricsRoutes: FastifyPluginAsync<{ ctx: Context; parts: ServerParts; token: string }> = async (app, { ctx, parts, token }) => {
  const registry = parts.metrics.registry;
  let figures: ReturnType<typeof dashboard> | null = null;
  let totals: ReturnType<typeof storeTotals> | null = null;
  // One store read per scrape, shared by every gauge's collect().
  const current = () => (figures ??= dashboard(ctx, parts.publisher.version, 5));
  const currentTotals = () => (totals ??= storeTotals(ctx));
  const gauge = (name: string, help: string, labelNames: string[], collect: (this: Gauge) => void | Promise<void>) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect });

  gauge('ykt_store_cards', `Cards known to the system ${SHARED}`, [], async function () {
    this.set((await currentTotals()).cards);
  });
  gauge('ykt_store_bindings_active', `Active bindings (upgraded cards) by medium ${SHARED}`, ['medium'], async function () {
    const { bindings } = await currentTotals();
    this.set({ medium: 'physical' }, bindings.physical);
    this.set({ medium: 'nfc' }, bindings.nfc);
  });
  gauge('ykt_store_taps_last_hour', `Taps recorded in the last hour by decision ${SHARED}`, ['decision'], async function () {
    for (const [decision, taps] of Object.entries((await current()).lastHour)) this.set({ decision }, taps);
  });
  gauge('ykt_store_taps_last_minute', `Taps recorded in the last complete minute by decision ${SHARED}`, ['decision'], async function () {
    const f = await current();
    const lastMinute = Math.floor(f.at / 60_000) - 1;
    const counts = f.tapsPerMinute.find((m) => m.minute === lastMinute)?.counts;
    for (const decision of Object.keys(f.lastHour)) this.set({ decision }, counts?.[decision as keyof typeof counts] ?? 0);
  });
  gauge('ykt_store_terminal_list_lag_max', `The largest number of list versions any active reader is behind ${SHARED}`, [], async function () {
    this.set(Math.max(0, ...(await current()).terminals.filter((t) => !t.revoked).map((t) => t.lag ?? 0)));
  });
  gauge('ykt_store_terminals', `Readers by condition ${SHARED}`, ['condition'], async function () {
    const terminals = (await current()).terminals;
    this.set({ condition: 'active' }, terminals.filter((t) => !t.revoked).length);
    this.set({ condition: 'revoked' }, terminals.filter((t) => t.revoked).length);
    this.set({ condition: 'stale' }, terminals.filter((t) => t.stale).length);
    this.set({ condition: 'silent' }, terminals.filter((t) => t.silent).length);
    this.set({ condition: 'behind' }, terminals.filter((t) => t.behind).length);
    this.set({ condition: 'outdated' }, terminals.filter((t) => t.outdated && !t.revoked).length);
  });
  gauge('ykt_store_outbox_messages', `Outgoing messages by status: pending (waiting, or being sent), failed (gave up after the last try: /ops lists them), sent and expired (kept a week) ${SHARED}`, ['status'], async function () {
    for (const [status, messages] of Object.entries(await ctx.store.outbox.counts())) this.set({ status }, messages);
  });
  gauge('ykt_list_version', 'The reader list version this node serves', [], function () {
    this.set(parts.publisher.version);
  });
  gauge('ykt_list_push_subscribers', 'Readers connected to this node for list push', [], function () {
    this.set(parts.publisher.subscribers);
  });

  app.get(
    '/metrics',
    { schema: { tags: ['operations'], summary: 'Prometheus metrics (bearer YKT_METRICS_TOKEN)', security: [{ metrics: [] }], response: { 200: MetricsText, 401: errorResponses[401] } } },
    async (request, reply) => {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, token)) {
        reply.header('www-authenticate', 'Bearer');
        throw new YktError('AUTH_REQUIRED');
      }
      figures = null;
      totals = null;
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
};
