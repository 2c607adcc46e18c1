// Sign-in for staff, agents, outlet staff and operators, and the role check their routes share.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffRole } from '../domain/staff.ts';
import { bearerToken } from './holder-auth.ts';
import type { ServerParts } from './server-parts.ts';
import { errorResponses } from './schemas.ts';

/** The signed-in staff member, refused unless their role is the one the route serves. */
export function requireRole(parts: ServerParts, request: FastifyRequest, role: StaffRole) {
  return parts.staffAuth.require(bearerToken(request), role);
}

export const staffSignInRoutes: FastifyPluginAsyncTypebox<{ parts: ServerParts }> = async (app, { parts }) => {
  app.post('/login', {
    config: { rateLimit: { max: 30, timeWindow: '10 minutes' } },
    schema: {
      tags: ['staff-session'],
      summary: 'Staff sign-in with username and password',
      body: Type.Object({ username: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 200 }) }),
      response: {
        200: Type.Object({
          token: Type.String(),
          expiresAt: Type.String(),
          staff: Type.Object({ username: Type.String(), displayName: Type.String(), role: Type.String() }),
        }),
        ...errorResponses,
      },
    },
    handler: async (request) => {
      const { token, expiresAt, staff } = await parts.staffAuth.signIn(request.body.username, request.body.password);
      return { token, expiresAt: new Date(expiresAt).toISOString(), staff: { username: staff.username, displayName: staff.displayName, role: staff.role } };
    },
  });

  app.post('/logout', {
    schema: { tags: ['staff-session'], summary: 'End this staff session', security: [{ bearer: [] }], response: { 204: Type.Null(), ...errorResponses } },
    handler: async (request, reply) => {
      await parts.staffAuth.signOut(await parts.staffAuth.session(bearerToken(request)));
      return reply.code(204).send(null);
    },
  });
};
