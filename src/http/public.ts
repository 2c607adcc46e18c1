// The public outlet finder's API (no sign-in): search by text, district and service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DISTRICTS, OUTLET_SERVICES, type District, type OutletService } from '../domain/outlets.ts';
import type { Context } from '../services/context.ts';
import { findOutlets } from '../services/desk/outlets.ts';
import { errorResponses } from './schemas.ts';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Pair = Type.Object({ zh: Type.String(), en: Type.String() });

const OutletView = Type.Object({
  id: Type.String(),
  name: Pair,
  address: Pair,
  district: Type.String(),
  hours: Pair,
  opening: Type.Union([Type.String({ description: 'Weekly schedule, e.g. "Mo-Fr 08:30-17:00; Sa 09:00-12:00" (Beijing time)' }), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  selfOperated: Type.Boolean(),
  services: Type.Array(Type.String()),
  cardKinds: Type.Array(Type.String()),
  station: Type.Union([Pair, Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
});

export const publicRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/', {
    schema: {
      tags: ['outlets'],
      summary: 'Service outlets (服务网点): search by name, address or station, filter by district and service',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 100 })),
        district: Type.Optional(literals(Object.keys(DISTRICTS))),
        service: Type.Optional(literals(Object.keys(OUTLET_SERVICES))),
      }),
      response: {
        200: Type.Object({
          outlets: Type.Array(OutletView),
          districts: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String(), count: Type.Integer() })),
        }),
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const { q, district, service } = request.query;
      // Public and the same for everyone: a short shared cache spares the store a burst of searches.
      reply.header('cache-control', 'public, max-age=60');
      return findOutlets(ctx, { q, district: district as District | undefined, service: service as OutletService | undefined });
    },
  });
};

