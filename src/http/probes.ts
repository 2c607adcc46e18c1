// What an orchestrator or load balancer asks: /livez (is the process up? never touches the store, so a slow
// database does not get a healthy process restarted) and /readyz (may this node get traffic?). /healthz is
// kept for the tools that already poll it, as an alias of /readyz.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Readiness } from '../services/operator/serving.ts';

const Live = Type.Object({ ok: Type.Literal(true) }, { description: 'The process is up and its event loop answers' });
const Ready = Type.Object(
  {
    ok: Type.Boolean(),
    store: Type.Enum(['sqlite', 'postgres']),
    notReady: Type.Array(Type.Object({ check: Type.Enum(['store', 'migrations', 'list']), problem: Type.String() }), {
      description: 'Each check that failed and why; empty when ready',
    }),
  },
  { description: 'Store reachable, migrations current, a reader list published' },
);

export const probeRoutes: FastifyPluginAsyncTypebox<{ ready: () => Promise<Readiness> }> = async (app, { ready }) => {
  app.get('/livez', { schema: { tags: ['operations'], summary: 'Liveness: the process is up (no store call)', response: { 200: Live } } }, async () => ({
    ok: true as const,
  }));
  for (const url of ['/readyz', '/healthz']) {
    app.get(
      url,
      {
        schema: {
          tags: ['operations'],
          summary: url === '/readyz' ? 'Readiness: store reachable, migrations current, a reader list published' : 'Alias of /readyz',
          response: { 200: Ready, 503: Ready },
        },
      },
      async (_request, reply) => {
        const answer = await ready();
        return reply.code(answer.ok ? 200 : 503).send(answer);
      },
    );
  }
};
