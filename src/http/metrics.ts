// GET /metrics in Prometheus text format, with the same figures as the operators' dashboard, gathered
// from the store at scrape time (so every node reports the shared state), plus the process's own.
import type { FastifyPluginAsync } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../services/context.ts';
import { dashboard } from '../services/operator/dashboard.ts';
import type { ServerParts } from './server-parts.ts';

// Declared by media type: a string body with its content type set is sent as it is, never serialised.
const MetricsText = {
  description: 'Prometheus text exposition format',
  content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
};

export const metricsRoutes: FastifyPluginAsync<{ ctx: Context; parts: ServerParts }> = async (app, { ctx, parts }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ykt_process_' });
  let figures: ReturnType<typeof dashboard> | null = null;
  // One dashboard read per scrape, shared by every gauge's collect().
  const current = () => (figures ??= dashboard(ctx, parts.publisher.version, 5));

  new Gauge({
    name: 'ykt_bindings_active',
    help: 'Active bindings (upgraded cards) by medium',
    labelNames: ['medium'],
    registers: [registry],
    async collect() {
      const f = await current();
      this.set({ medium: 'physical' }, f.bindings.physical);
      this.set({ medium: 'nfc' }, f.bindings.nfc);
    },
  });
  new Gauge({
    name: 'ykt_taps_last_hour',
    help: 'Taps recorded in the last hour by decision',
    labelNames: ['decision'],
    registers: [registry],
    async collect() {
      for (const [decision, taps] of Object.entries((await current()).lastHour)) this.set({ decision }, taps);
    },
  });
  new Gauge({
    name: 'ykt_taps_last_minute',
    help: 'Taps recorded in the last complete minute by decision',
    labelNames: ['decision'],
    registers: [registry],
    async collect() {
      const f = await current();
      const lastMinute = Math.floor(f.at / 60_000) - 1;
      const counts = f.tapsPerMinute.find((m) => m.minute === lastMinute)?.counts;
      for (const decision of Object.keys(f.lastHour)) this.set({ decision }, counts?.[decision as keyof typeof counts] ?? 0);
    },
  });
  new Gauge({
    name: 'ykt_list_version',
    help: 'The reader list version this node serves',
    registers: [registry],
    collect() {
      this.set(parts.publisher.version);
    },
  });
  new Gauge({
    name: 'ykt_list_push_subscribers',
    help: 'Readers connected to this node for list push',
    registers: [registry],
    collect() {
      this.set(parts.publisher.subscribers);
    },
  });
  new Gauge({
    name: 'ykt_terminal_list_lag_max',
    help: 'The largest number of list versions any active reader is behind',
    registers: [registry],
    async collect() {
      this.set(Math.max(0, ...(await current()).terminals.filter((t) => !t.revoked).map((t) => t.lag ?? 0)));
    },
  });
  new Gauge({
    name: 'ykt_terminals',
    help: 'Readers by condition',
    labelNames: ['condition'],
    registers: [registry],
    async collect() {
      const terminals = (await current()).terminals;
      this.set({ condition: 'active' }, terminals.filter((t) => !t.revoked).length);
      this.set({ condition: 'revoked' }, terminals.filter((t) => t.revoked).length);
      this.set({ condition: 'stale' }, terminals.filter((t) => t.stale).length);
      this.set({ condition: 'outdated' }, terminals.filter((t) => t.outdated && !t.revoked).length);
    },
  });

  app.get('/metrics', { schema: { tags: ['public'], summary: 'Prometheus metrics', response: { 200: MetricsText } } }, async (_request, reply) => {
    figures = null;
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
};
